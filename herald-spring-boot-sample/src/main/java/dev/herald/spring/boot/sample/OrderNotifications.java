package dev.herald.spring.boot.sample;

import dev.herald.spring.boot.HubTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells a customer of their order, privately, once the order is committed. */
@Component
public class OrderNotifications {

    private final HubTemplate hub;

    /** Publishes with the application's hub, its data written by the application's JSON mapper. */
    public OrderNotifications(HubTemplate hub) {
        this.hub = hub;
    }

    /**
     * A private update to the customer's own topic. After commit (the listener's default phase): published from
     * inside the transaction, an update could reach the browser before the order is visible, or for an order that is
     * then rolled back.
     */
    @TransactionalEventListener
    public void onOrderPlaced(OrderPlaced order) {
        hub.publishPrivate(UserTopics.of(order.customer()), new Notice("order", order.customer(),
                "Order #" + order.id() + " of " + order.item() + " is confirmed"));
    }
}
