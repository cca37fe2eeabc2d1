/**
 * The event-stream codec. It has no dependencies, so it is a real module; its one package is its whole API.
 */
module dev.herald.core {
    exports dev.herald.core;
}
