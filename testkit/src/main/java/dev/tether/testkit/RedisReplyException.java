package dev.tether.testkit;

/**
 * An error reply from Redis to a {@link RedisServer#command} call, e.g. {@code NOPERM ...} or
 * {@code WRONGPASS ...}. Immutable.
 */
public final class RedisReplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reply;

  RedisReplyException(String reply) {
    super(reply);
    this.reply = reply;
  }

  /** The error reply without the leading {@code -}, e.g. {@code NOAUTH Authentication required.} */
  public String reply() {
    return reply;
  }

  /** The error's first word, e.g. {@code NOPERM}, {@code WRONGPASS}, {@code ERR}. */
  public String code() {
    int space = reply.indexOf(' ');
    return space < 0 ? reply : reply.substring(0, space);
  }
}
