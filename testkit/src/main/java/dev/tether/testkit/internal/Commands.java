package dev.tether.testkit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip}, {@code nft}, {@code conntrack}) with a bound, capturing their output. */
public final class Commands {

  private static final long TIMEOUT_SECONDS = 10;

  private Commands() {}

  /** What a command did. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command}; a missing executable or a timeout is a non-zero result, never an exception. */
  public static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted");
    }
  }

  /**
   * Runs {@code command} and requires success.
   *
   * @throws IllegalStateException with the command and its output otherwise
   */
  public static String require(List<String> command) {
    Result r = run(command);
    if (!r.ok()) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.output());
    }
    return r.output();
  }
}
