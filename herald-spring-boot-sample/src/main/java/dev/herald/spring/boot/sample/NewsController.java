package dev.herald.spring.boot.sample;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /news}: a public update, straight from a controller, to every page following the news. */
@RestController
public class NewsController {

    /** The topic of the news, public. */
    public static final String TOPIC = "https://herald.example/news";

    private final HubPublisher publisher;
    private final JsonMapper json;

    /** Publishes with the application's hub; writes the update's data with {@code json}. */
    public NewsController(HubPublisher publisher, JsonMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    /** Publishes {@code text} as news from the logged-in user; answers the update's id. */
    @PostMapping("/news")
    public ResponseEntity<String> publish(@RequestParam("text") String text, Principal user) {
        if (text.isBlank()) {
            return ResponseEntity.badRequest().body("no text");
        }
        String data = json.writeValueAsString(new Notice("news", user.getName(), text));
        return ResponseEntity.ok(publisher.publish(Update.of(TOPIC, data)));
    }
}
