/**
 * A {@link dev.herald.hub.Transport} on a PostgreSQL table: the durable log that every hub node pointed at the same
 * database and table shares. See {@link dev.herald.postgres.PostgresTransport}.
 */
package dev.herald.postgres;
