/**
 * The vocabulary of connection failures shared by the connection ({@code dev.tether.redis}) and the
 * doctor ({@code tether-doctor}): a {@link dev.tether.diagnosis.Diagnosis} with a stable
 * {@link dev.tether.diagnosis.DiagnosisCode}, a redacted message and a hint.
 */
package dev.tether.diagnosis;
