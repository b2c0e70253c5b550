/**
 * Extension point: a {@link dev.tether.diagnosis.spi.DiagnosisProvider} found with
 * {@link java.util.ServiceLoader} gives the shared connection a deeper diagnosis at bootstrap
 * failure. {@code tether-doctor} is the provider tether ships.
 */
package dev.tether.diagnosis.spi;
