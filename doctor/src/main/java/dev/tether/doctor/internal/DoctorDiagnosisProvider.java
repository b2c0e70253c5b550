package dev.tether.doctor.internal;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.spi.DiagnosisProvider;
import dev.tether.doctor.Doctor;

import java.time.Duration;
import java.util.Optional;

/**
 * Gives the shared connection the doctor's step-by-step diagnosis when its bootstrap gives up.
 * Registered in {@code META-INF/services}; stateless and thread-safe.
 */
public final class DoctorDiagnosisProvider implements DiagnosisProvider {

    @Override
    public Optional<Diagnosis> diagnose(RedisSettings settings, Duration timeout) {
        return Doctor.run(settings, timeout).failure();
    }
}
