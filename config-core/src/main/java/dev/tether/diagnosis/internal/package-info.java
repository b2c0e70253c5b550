/** How the connection names a failure (exception or error reply) and finds a diagnosis provider. Not API. */
package dev.tether.diagnosis.internal;
