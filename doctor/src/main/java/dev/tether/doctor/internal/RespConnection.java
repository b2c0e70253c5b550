package dev.tether.doctor.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal RESP2/RESP3 client over one socket (plain or TLS) where every read is bounded by a
 * {@link Deadline}. Replies become Java values: strings, {@code Long}, {@code List}, {@code Map},
 * {@code Boolean}, {@code null}, and {@link Error} for error replies. Not thread-safe.
 */
final class RespConnection implements AutoCloseable {
    /** A Redis error reply, e.g. {@code NOAUTH Authentication required.}. */
    record Error(String text) {
    }

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BULK = 16 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean anyByteRead;

    RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Whether the peer has sent anything at all on this connection. */
    boolean anyByteRead() {
        return anyByteRead;
    }

    Object call(Deadline deadline, String... args) throws IOException {
        send(args);
        return read(deadline);
    }

    void send(String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(bytes);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(b.toByteArray());
        out.flush();
    }

    Object read(Deadline deadline) throws IOException {
        int type = next(deadline);
        switch (type) {
            case '+':
                return line(deadline);
            case '-':
            case '!':
                return new Error(type == '-' ? line(deadline) : bulk(deadline, Long.parseLong(line(deadline))));
            case ':':
                return number(line(deadline));
            case '$':
            case '=': {
                long length = number(line(deadline));
                if (length < 0) {
                    return null;
                }
                String s = bulk(deadline, length);
                return type == '=' && s.length() >= 4 ? s.substring(4) : s; // verbatim: "txt:..."
            }
            case '*':
            case '~':
            case '>': {
                long n = number(line(deadline));
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    items.add(read(deadline));
                }
                return items;
            }
            case '%':
            case '|': {
                long n = number(line(deadline));
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < n; i++) {
                    map.put(read(deadline), read(deadline));
                }
                return type == '|' ? read(deadline) : map; // attributes precede the real reply
            }
            case '_':
                line(deadline);
                return null;
            case '#':
                return "t".equals(line(deadline));
            case ',':
            case '(':
                return line(deadline);
            default:
                throw new NotRedisException("the server answered " + quoteFirstLine(type, deadline));
        }
    }

    private String quoteFirstLine(int first, Deadline deadline) {
        StringBuilder s = new StringBuilder().append(printable(first));
        try {
            while (s.length() < 60 && position < limit) {
                int c = buffer[position++] & 0xff;
                if (c == '\r' || c == '\n') {
                    break;
                }
                s.append(printable(c));
            }
        } catch (RuntimeException ignored) {
            // best effort
        }
        String text = s.toString();
        return text.startsWith("HTTP/") ? "HTTP (\"" + text + "\"): an HTTP server, not Redis" : "\"" + text + "\", not the Redis protocol";
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c);
    }

    private static long number(String s) throws NotRedisException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NotRedisException("the server answered a malformed RESP length: " + s.substring(0, Math.min(20, s.length())));
        }
    }

    private String line(Deadline deadline) throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        while (true) {
            int c = next(deadline);
            if (c == '\r') {
                if (next(deadline) != '\n') {
                    throw new NotRedisException("the server sent a line without CRLF");
                }
                return s.toString(StandardCharsets.UTF_8);
            }
            s.write(c);
            if (s.size() > MAX_LINE) {
                throw new NotRedisException("the server sent a line longer than " + MAX_LINE + " bytes");
            }
        }
    }

    private String bulk(Deadline deadline, long length) throws IOException {
        if (length > MAX_BULK) {
            throw new NotRedisException("the server announced a " + length + " byte reply");
        }
        byte[] bytes = new byte[(int) length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) next(deadline);
        }
        if (next(deadline) != '\r' || next(deadline) != '\n') {
            throw new NotRedisException("the server sent a bulk string without CRLF");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int next(Deadline deadline) throws IOException {
        if (position == limit) {
            socket.setSoTimeout(deadline.socketTimeout());
            int n = in.read(buffer);
            if (n < 0) {
                throw new EOFException(anyByteRead ? "the server closed the connection mid-reply"
                        : "the server closed the connection without answering");
            }
            anyByteRead = true;
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
