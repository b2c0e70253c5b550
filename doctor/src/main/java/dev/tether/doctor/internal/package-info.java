/** The doctor's implementation: timed steps over a raw socket, RESP, TLS checks and probes. Not API. */
package dev.tether.doctor.internal;
