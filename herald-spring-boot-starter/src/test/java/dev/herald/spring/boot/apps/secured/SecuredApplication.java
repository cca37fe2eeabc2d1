package dev.herald.spring.boot.apps.secured;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A new application with Spring Security and its defaults (no security configuration of its own), Actuator, and the
 * hub: what {@code HubSecurityTest} tries as a new user would.
 */
@SpringBootApplication
public class SecuredApplication {

    /** The application's own endpoints, which security keeps to logged-in users. */
    @RestController
    static class Account {
        @GetMapping("/account")
        String account() {
            return "private";
        }

        @PostMapping("/account")
        String change() {
            return "changed";
        }
    }
}
