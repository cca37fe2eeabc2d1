package dev.herald.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * What appends are sent on: a link, its connection to the master holding the stream (where each append and its
 * {@code WAIT} go together), and how many replicas appends on it wait for.
 *
 * @param link the link
 * @param master its connection to the stream's master
 * @param replicas how many replicas each append waits for (0: no {@code WAIT})
 */
record WriteLink(RedisLink link, RedisClusterAsyncCommands<String, String> master, int replicas) {
}
