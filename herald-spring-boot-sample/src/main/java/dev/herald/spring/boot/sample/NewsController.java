package dev.herald.spring.boot.sample;

import dev.herald.spring.boot.HubTemplate;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /news}: a public update, straight from a controller, to every page following the news. */
@RestController
public class NewsController {

    /** The topic of the news, public. */
    public static final String TOPIC = "https://herald.example/news";

    private final HubTemplate hub;

    /** Publishes with the application's hub, its data written by the application's JSON mapper. */
    public NewsController(HubTemplate hub) {
        this.hub = hub;
    }

    /** Publishes {@code text} as news from the logged-in user; answers the update's id. */
    @PostMapping("/news")
    public ResponseEntity<String> publish(@RequestParam("text") String text, Principal user) {
        if (text.isBlank()) {
            return ResponseEntity.badRequest().body("no text");
        }
        return ResponseEntity.ok(hub.publish(TOPIC, new Notice("news", user.getName(), text)));
    }
}
