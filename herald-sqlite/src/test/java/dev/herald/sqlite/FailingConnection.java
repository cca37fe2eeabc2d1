package dev.herald.sqlite;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real SQLite connection with faults injected: a statement executed as text (the writer's {@code COMMIT} and
 * {@code ROLLBACK}) that is in {@link #failing} throws that exception once instead of running. Everything else runs
 * on the real connection.
 */
final class FailingConnection {

    /** Statement text, and what executing it throws the next time, instead of running. */
    final Map<String, SQLException> failing = new ConcurrentHashMap<>();
    final Connection connection;

    FailingConnection(Connection real) {
        this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("createStatement") ? failing((Statement) result) : result;
                });
    }

    private Statement failing(Statement real) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args != null && args.length == 1) {
                        SQLException failure = failing.remove(String.valueOf(args[0]));
                        if (failure != null) {
                            throw failure;
                        }
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
