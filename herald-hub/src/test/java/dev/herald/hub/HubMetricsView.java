package dev.herald.hub;

import java.util.Map;

/** Reads figures from the hub's Prometheus endpoint. */
record HubMetricsView(String text) {

    static HubMetricsView scrape(TestHub hub) throws Exception {
        return new HubMetricsView(HubFixture.get(hub, "/metrics", Map.of()).body());
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
