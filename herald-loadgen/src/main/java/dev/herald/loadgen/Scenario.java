package dev.herald.loadgen;

import java.util.Locale;

/** What a bench run does to the target hub. */
public enum Scenario {

    /** N subscribers on one topic; one publisher sends R events/s of S bytes for D seconds. */
    FANOUT,
    /** N subscribers each on its own topic; the publishes are spread over the topics in turn. */
    TOPICS,
    /** N subscribers that only stay connected: connect time and the target's memory per subscriber. */
    IDLE,
    /** Like fanout, but halfway through every subscriber drops and reconnects at once with Last-Event-ID. */
    STORM,
    /** Like fanout, but a share of the subscribers stops reading: how the others fare. */
    SLOW;

    /** Whether the scenario publishes events. */
    public boolean publishes() {
        return this != IDLE;
    }

    /** The scenario's name as typed on the command line and written in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
