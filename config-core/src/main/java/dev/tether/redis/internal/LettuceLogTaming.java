package dev.tether.redis.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;

/**
 * Lettuce logs every I/O error on a connection at INFO with a full stack trace
 * ({@code CommandHandler: Unexpected exception during request}); tether already reports each outage
 * in one line. When the backend is Logback and the application has not set a level for
 * {@code io.lettuce.core.protocol} itself, this raises it to WARN. Set the system property
 * {@code tether.logging.tame=false} to leave Lettuce's logging alone. Other backends are untouched.
 */
public final class LettuceLogTaming {
    static final String LOGGER = "io.lettuce.core.protocol";
    private static volatile boolean done;

    private LettuceLogTaming() {
    }

    public static void apply() {
        if (done || "false".equalsIgnoreCase(System.getProperty("tether.logging.tame"))) {
            return;
        }
        done = true;
        Logger logger = LoggerFactory.getLogger(LOGGER);
        if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
            return;
        }
        try {
            Method getLevel = logger.getClass().getMethod("getLevel");
            if (getLevel.invoke(logger) != null) {
                return;
            }
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger("dev.tether.redis").debug("could not tame Lettuce's logger: {}", e.toString());
        }
    }
}
