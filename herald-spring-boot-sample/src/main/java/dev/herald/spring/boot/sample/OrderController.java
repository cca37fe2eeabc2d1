package dev.herald.spring.boot.sample;

import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders}: the logged-in user places an order; its confirmation reaches them alone. */
@RestController
public class OrderController {

    private final Orders orders;

    /** Places orders with {@code orders}. */
    public OrderController(Orders orders) {
        this.orders = orders;
    }

    /** Places an order of {@code item} for the logged-in user; answers its id. */
    @PostMapping("/orders")
    public ResponseEntity<String> place(@RequestParam("item") String item, Principal user) {
        if (item.isBlank() || item.length() > 200) {
            return ResponseEntity.badRequest().body("an item is 1 to 200 characters");
        }
        return ResponseEntity.ok(Long.toString(orders.place(user.getName(), item)));
    }
}
