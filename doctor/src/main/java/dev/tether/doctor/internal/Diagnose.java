package dev.tether.doctor.internal;

import dev.tether.config.RedisSettings;
import dev.tether.doctor.DoctorReport;

import java.time.Duration;

/** Picks the checks for the settings' mode. Stateless. */
public final class Diagnose {
    private Diagnose() {
    }

    public static DoctorReport run(RedisSettings settings, Duration timeout) {
        return switch (settings.mode()) {
            case SENTINEL -> new SentinelChecks(settings, timeout).run();
            case CLUSTER -> new ClusterChecks(settings, timeout).run();
            case AUTO, STANDALONE -> StandaloneChecks.run(settings, timeout);
        };
    }
}
