package dev.herald.spring.boot.sample;

import dev.herald.hub.HubOptions;
import dev.herald.hub.OptionValues;
import java.security.Principal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /session}: who is logged in, where the hub is, and the CSRF token the page's own POSTs carry. */
@RestController
public class SessionController {

    private final String hubPath;

    /** Names the hub at {@code herald.hub.path}, one of the hub's {@code options}. */
    public SessionController(OptionValues options) {
        this.hubPath = options.get(HubOptions.PATH);
    }

    /**
     * The page's session.
     *
     * @param user the logged-in user's name
     * @param topic the user's private topic
     * @param hub the hub's path on this server
     * @param csrfHeader the header to send the CSRF token in
     * @param csrfToken the CSRF token
     */
    public record Session(String user, String topic, String hub, String csrfHeader, String csrfToken) {
    }

    /** The logged-in user's session. */
    @GetMapping("/session")
    public Session session(Principal user, CsrfToken csrf) {
        return new Session(user.getName(), UserTopics.of(user.getName()), hubPath, csrf.getHeaderName(),
                csrf.getToken());
    }
}
