package dev.tether.testkit.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals to one pid via {@code kill(1)}: the JDK can only send SIGTERM/SIGKILL.
 * Thread-safe (stateless).
 */
public final class Signals {

  private Signals() {}

  public static void send(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -" + signal + " " + pid + " did not return in 5 s");
      }
      if (kill.exitValue() != 0) {
        String output = new String(kill.getInputStream().readAllBytes()).trim();
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run kill(1) to send SIG" + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + signal, e);
    }
  }
}
