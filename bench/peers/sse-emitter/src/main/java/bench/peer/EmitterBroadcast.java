package bench.peer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The peer for bench/servlet.sh: the broadcast that Spring tutorials teach, a map of {@link SseEmitter}s on
 * Spring Boot's Tomcat, kept as the tutorials write it (no queue, no cut-off of slow readers, sends on the publishing
 * request's thread). It answers Mercure's paths and publish form so that {@code herald bench} drives it exactly as
 * it drives the hub: {@code GET /.well-known/mercure?topic=T} subscribes, {@code POST /.well-known/mercure} with
 * the form fields {@code topic}, {@code data} and optionally {@code id} broadcasts and answers the event's id. The
 * publisher's Bearer token is ignored.
 */
@SpringBootApplication
@RestController
public class EmitterBroadcast {

    private final Map<String, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        SpringApplication.run(EmitterBroadcast.class, args);
    }

    @GetMapping(path = "/.well-known/mercure", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter subscribe(@RequestParam String topic) {
        SseEmitter emitter = new SseEmitter(Long.MAX_VALUE);
        List<SseEmitter> subscribers = emitters.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        subscribers.add(emitter);
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> subscribers.remove(emitter));
        emitter.onError(e -> subscribers.remove(emitter));
        try {
            // As the tutorials do: without a first send Spring MVC 7 commits no response, and the client waits.
            emitter.send(SseEmitter.event().comment("subscribed"));
        } catch (IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    @PostMapping(path = "/.well-known/mercure", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public String publish(@RequestParam String topic, @RequestParam String data,
            @RequestParam(required = false) String id) {
        String eventId = id != null ? id : "urn:uuid:" + UUID.randomUUID();
        List<SseEmitter> subscribers = emitters.getOrDefault(topic, List.of());
        for (SseEmitter emitter : subscribers) {
            try {
                emitter.send(SseEmitter.event().id(eventId).data(data));
            } catch (Exception e) { // not only IOException: a closed request's AsyncContext throws IllegalState
                subscribers.remove(emitter);
            }
        }
        return eventId;
    }
}
