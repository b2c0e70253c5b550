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
    /** Nesting deeper than any reply the doctor asks for: a hostile server cannot exhaust the stack. */
    static final int MAX_DEPTH = 16;
    /** Elements of one aggregate: INFO and HELLO replies have dozens, never this many. */
    static final long MAX_ELEMENTS = 100_000;

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

    /**
     * Reads one reply. A reply that is not RESP, nests deeper than {@value #MAX_DEPTH}, announces more than
     * {@value #MAX_ELEMENTS} elements or a malformed length is a {@link NotRedisException}.
     */
    Object read(Deadline deadline) throws IOException {
        return read(deadline, 0);
    }

    private Object read(Deadline deadline, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new NotRedisException("the server sent a reply nested deeper than " + MAX_DEPTH + " levels");
        }
        int type = next(deadline);
        switch (type) {
            case '+':
                return line(deadline);
            case '-':
            case '!':
                return new Error(type == '-' ? line(deadline) : bulk(deadline, number(line(deadline))));
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
                long n = elements(line(deadline));
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    items.add(read(deadline, depth + 1));
                }
                return items;
            }
            case '%':
            case '|': {
                long n = elements(line(deadline));
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < n; i++) {
                    map.put(read(deadline, depth + 1), read(deadline, depth + 1));
                }
                return type == '|' ? read(deadline, depth + 1) : map; // attributes precede the real reply
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

    private static long elements(String s) throws NotRedisException {
        long n = number(s);
        if (n > MAX_ELEMENTS) {
            throw new NotRedisException("the server announced an aggregate of " + n + " elements");
        }
        return n;
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
        if (length < 0 || length > MAX_BULK) {
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
