package dev.tether.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The upstream of the probes: a loopback echo server that records, per accepted connection, the bytes it
 * received and how that stream ended ({@code FIN} or {@code RST}, as {@link StreamEnd} names them). On a FIN
 * it closes its side normally, as most servers do.
 */
final class ProbeUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    /** What one accepted connection saw. */
    static final class Connection {
        private final Socket socket;
        private volatile int received;
        private volatile String end = StreamEnd.OPEN;
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        Connection(Socket socket) {
            this.socket = socket;
        }

        int received() {
            return received;
        }

        String end(Duration wait) throws InterruptedException {
            ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            return end;
        }
    }

    ProbeUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "probe-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The connection accepted last, waiting up to {@code wait} for one. */
    Connection last(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (connections.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (connections.isEmpty()) {
            throw new AssertionError("the proxy never connected to the upstream");
        }
        return connections.get(connections.size() - 1);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Connection connection = new Connection(socket);
                connections.add(connection);
                Thread echo = new Thread(() -> echo(connection), "probe-upstream-echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Connection connection) {
        byte[] buffer = new byte[4096];
        String end;
        try (Socket socket = connection.socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                connection.received += n;
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    // the proxy closed its side; keep reading to see how the stream ends
                }
            }
            end = StreamEnd.FIN;
        } catch (SocketException e) {
            end = String.valueOf(e.getMessage()).toLowerCase().contains("reset") ? StreamEnd.RST : "ERROR " + e.getMessage();
        } catch (IOException e) {
            end = "ERROR " + e.getMessage();
        }
        connection.end = end;
        connection.ended.countDown();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection connection : connections) {
            connection.socket.close();
        }
    }
}
