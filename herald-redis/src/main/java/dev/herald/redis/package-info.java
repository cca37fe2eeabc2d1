/**
 * A {@link dev.herald.hub.Transport} on Redis Streams: every hub node pointed at the same Redis and stream key shares
 * one log, so the nodes act as one hub. See {@link dev.herald.redis.RedisTransport}.
 */
package dev.herald.redis;
