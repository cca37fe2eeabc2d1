package dev.herald.hub.internal.auth;

/** Whose token is checked: the static role keys differ between publishers and subscribers. */
enum Role {
    /** A publisher's token, verified with the publisher key. */
    PUBLISHER,
    /** A subscriber's token, verified with the subscriber key. */
    SUBSCRIBER
}
