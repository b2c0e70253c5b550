package dev.tether.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches one socket's incoming stream on a thread of its own: counts the bytes and records how the stream
 * ended, {@code FIN} (read returned -1), {@code RST} (the read failed with a connection reset), or
 * {@code OPEN} while it has not ended. What it reads is thrown away.
 */
final class StreamEnd {
    static final String FIN = "FIN";
    static final String RST = "RST";
    static final String OPEN = "OPEN";

    private final AtomicInteger bytes = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String kind = OPEN;
    private volatile long endedAt;

    private StreamEnd() {
    }

    static StreamEnd watch(Socket socket, String name) {
        StreamEnd end = new StreamEnd();
        Thread thread = new Thread(() -> end.readUntilEnd(socket), name);
        thread.setDaemon(true);
        thread.start();
        return end;
    }

    private void readUntilEnd(Socket socket) {
        byte[] buffer = new byte[4096];
        String result;
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.addAndGet(n);
            }
            result = FIN;
        } catch (SocketException e) {
            result = String.valueOf(e.getMessage()).toLowerCase().contains("reset") ? RST : "ERROR " + e.getMessage();
        } catch (IOException e) {
            result = "ERROR " + e.getMessage();
        }
        endedAt = System.nanoTime();
        kind = result;
        ended.countDown();
    }

    /** How the stream ended, waiting up to {@code wait}; {@code OPEN} if it has not. */
    String kind(Duration wait) throws InterruptedException {
        ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        return kind;
    }

    boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /** {@link System#nanoTime()} when the stream ended; meaningful once it has. */
    long endedAt() {
        return endedAt;
    }

    int bytes() {
        return bytes.get();
    }

    /** Waits until at least {@code count} bytes came or the stream ended; true if they came. */
    boolean awaitBytes(int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (bytes.get() < count && !hasEnded() && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling a counter another thread fills; Awaitility would hide the timing we report
        }
        return bytes.get() >= count;
    }
}
