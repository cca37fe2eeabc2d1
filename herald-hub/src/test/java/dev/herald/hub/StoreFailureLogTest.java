package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class StoreFailureLogTest {

    @Test
    void logsOneLineASecondCountingThePublishesRefusedBetween() throws Exception {
        List<List<Object>> lines = new ArrayList<>();
        Logger recording = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("error")) {
                        List<Object> line = new ArrayList<>();
                        for (Object arg : args) { // error(String, Object...) gets its arguments as an array
                            line.addAll(arg instanceof Object[] more ? Arrays.asList(more) : List.of(arg));
                        }
                        lines.add(line);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        StoreFailureLog failures = new StoreFailureLog(recording);

        failures.failed("disk full", 3);
        failures.failed("disk full", 4);
        failures.failed("disk full", 5);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsExactly(
                "{}; {} publish(es) answered 503, {} more since the previous line", "disk full", 3, 0L);

        Thread.sleep(1_100); // the next second
        failures.failed("still full", 6);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).containsExactly(
                "{}; {} publish(es) answered 503, {} more since the previous line", "still full", 6, 9L);
    }
}
