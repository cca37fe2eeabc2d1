package dev.herald.spring.boot.apps.publishing;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import java.io.File;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application whose controller publishes, run as a process of its own by {@code GracefulShutdownTest}: its
 * hub is served by its Tomcat, and it writes the port it got to the file {@code herald.test.port-file} names.
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
public class PublishingApplication {

    /** The topic the controller publishes to. */
    public static final String TOPIC = "https://example.com/orders";

    /** Runs the application; the port goes to the file {@code -Dherald.test.port-file} names. */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(PublishingApplication.class);
        application.addListeners(new WebServerPortFileWriter(new File(System.getProperty("herald.test.port-file"))));
        application.run(args);
    }

    /** {@code POST /orders?item=...}: a little work, as a real request does, then the update; answers its id. */
    @RestController
    static class Orders {
        private final HubPublisher publisher;

        Orders(HubPublisher publisher) {
            this.publisher = publisher;
        }

        @PostMapping("/orders")
        String place(@RequestParam("item") String item) throws InterruptedException {
            Thread.sleep(20); // so that requests are in progress whenever the signal comes
            return publisher.publish(Update.of(TOPIC, item));
        }
    }
}
