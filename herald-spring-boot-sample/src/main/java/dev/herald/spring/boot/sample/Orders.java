package dev.herald.spring.boot.sample;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders: a row in the database and an {@link OrderPlaced} event, in one transaction. */
@Service
public class Orders {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    /** Stores orders with {@code jdbc}; announces them on {@code events}. */
    public Orders(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Stores {@code customer}'s order of {@code item}; the event is delivered to {@link OrderNotifications} only if
     * this transaction commits, so that no one is told of an order that was rolled back.
     */
    @Transactional
    public long place(String customer, String item) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO orders (customer, item) VALUES (?, ?)").params(customer, item).update(key, "id");
        long id = key.getKeyAs(Long.class);
        events.publishEvent(new OrderPlaced(id, customer, item));
        return id;
    }
}
