package dev.herald.spring.boot.sample;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/** Tells a customer of their order, privately, once the order is committed. */
@Component
public class OrderNotifications {

    private final HubPublisher publisher;
    private final JsonMapper json;

    /** Publishes with the application's hub; writes the update's data with {@code json}. */
    public OrderNotifications(HubPublisher publisher, JsonMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    /**
     * A private update to the customer's own topic. After commit (the listener's default phase): published from
     * inside the transaction, an update could reach the browser before the order is visible, or for an order that is
     * then rolled back.
     */
    @TransactionalEventListener
    public void onOrderPlaced(OrderPlaced order) {
        String data = json.writeValueAsString(new Notice("order", order.customer(),
                "Order #" + order.id() + " of " + order.item() + " is confirmed"));
        publisher.publish(Update.builder().topic(UserTopics.of(order.customer())).data(data).privateUpdate(true)
                .build());
    }
}
