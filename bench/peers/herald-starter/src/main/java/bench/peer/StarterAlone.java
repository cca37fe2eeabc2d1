package bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The hub as Herald's starter serves it in an application with nothing else: the like-for-like counterpart of the
 * SseEmitter broadcast for bench/servlet-connect.sh, both on Spring Boot's Tomcat with its default settings.
 */
@SpringBootApplication
public class StarterAlone {

    public static void main(String[] args) {
        SpringApplication.run(StarterAlone.class, args);
    }
}
