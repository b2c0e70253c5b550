package dev.tether.redis.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class JulFallbackTest {

    @Test
    void withoutAnSlf4jProviderTheOutageGoesToJulOnceWithHowToWireABackend() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = capture("tether-jul-fallback-test-1", records);

        JulFallback fallback = new JulFallback(true, logger);
        fallback.log(Level.WARNING, "Redis connection to {} lost: {}", "h:6379", "CONNECTION_RESET");
        fallback.log(Level.INFO, "Redis connection to {} recovered after {} ms", "h:6379", 120);

        assertThat(records).extracting(LogRecord::getMessage).containsExactly(JulFallback.HINT,
                "Redis connection to h:6379 lost: CONNECTION_RESET", "Redis connection to h:6379 recovered after 120 ms");
        assertThat(records.get(0).getMessage()).contains("logback-classic").contains("log4j-slf4j2-impl");
    }

    @Test
    void withAnSlf4jProviderNothingGoesToJul() {
        List<LogRecord> records = new ArrayList<>();
        JulFallback fallback = new JulFallback(false, capture("tether-jul-fallback-test-2", records));

        fallback.log(Level.WARNING, "Redis connection to {} lost", "h:6379");

        assertThat(records).isEmpty();
        // This module's tests run with logback: the process-wide instance stays silent.
        assertThat(JulFallback.get()).isNotNull();
    }

    private static Logger capture(String name, List<LogRecord> records) {
        Logger logger = Logger.getLogger(name);
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return logger;
    }
}
