package dev.herald.spring.boot.sample;

/**
 * An order was stored; its customer hears of it once the transaction that stored it commits.
 *
 * @param id the order's row id
 * @param customer who placed it
 * @param item what was ordered
 */
public record OrderPlaced(long id, String customer, String item) {
}
