/**
 * A durable hub transport in an embedded SQLite file: {@link dev.herald.sqlite.SqliteTransport}. History survives
 * restarts and crashes, and a publish is acknowledged only once its update is committed.
 */
package dev.herald.sqlite;
