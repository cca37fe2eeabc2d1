package dev.herald.spring.boot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with the Herald hub inside: a page at {@code /} receives news published by a controller
 * and, for the logged-in user alone, the updates on their orders, published once each order's transaction commits.
 */
@SpringBootApplication
public class SampleApplication {

    /** Runs the application: {@code java -jar herald-spring-boot-sample.jar --server.port=8080}. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
