package dev.herald.hub;

import dev.herald.hub.internal.assembly.HubInternals;

/** Reads figures from the hub's meters, in the Prometheus text its {@code /metrics} endpoint serves. */
record HubMetricsView(String text) {

    /** Read in the process rather than over HTTP: a hub mounted in a servlet container serves no {@code /metrics}. */
    static HubMetricsView scrape(TestHub hub) {
        return new HubMetricsView(HubInternals.contextOf(hub.hub()).metrics().scrape());
    }

    /** The value of the sample whose name (with labels) is {@code sample}, or NaN. */
    double value(String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }
}
