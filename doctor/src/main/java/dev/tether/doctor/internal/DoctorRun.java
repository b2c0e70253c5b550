package dev.tether.doctor.internal;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.doctor.DoctorCheck;
import dev.tether.doctor.DoctorReport;
import dev.tether.doctor.DoctorStep;
import dev.tether.diagnosis.spi.Classification;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One run of the doctor's steps over one raw socket: it makes the connection (DNS, TCP, TLS, AUTH), then
 * runs the {@link ServerChecks} and the mode's {@link ConnectedStep}s on it. Each step gets its own deadline
 * of one timeout; socket reads are bounded by it and a watchdog closes the socket shortly after it, so that
 * no step can outlive its deadline by more than {@link #GRACE}. The run's threads ({@link RunThreads}) end when
 * it returns. Used by one thread.
 */
public final class DoctorRun {
    private static final Duration GRACE = Duration.ofMillis(200);

    private final RedisSettings settings;
    private final Duration timeout;
    private final List<DoctorStep> steps = new ArrayList<>();
    private Diagnosis failure;
    private InetAddress[] addresses;
    private InetSocketAddress connected;
    private volatile Socket socket;
    private volatile boolean watchdogFired;
    private RespConnection resp;
    private TlsHandshake tlsHandshake;
    private final boolean brief;
    private final List<ConnectedStep> then;
    /** Created by {@link #run()}, released when it returns. */
    private RunThreads threads;

    public DoctorRun(RedisSettings settings, Duration timeout) {
        this(settings, timeout, false, new ArrayList<>());
    }

    /**
     * @param settings the one node to check ({@link RedisSettings#host()}, {@link RedisSettings#port()})
     * @param brief    only DNS, TCP, TLS, AUTH and PING (the other nodes of a cluster or Sentinel set)
     * @param then     steps run on the open connection once the node's own steps passed; a step may add
     *                 more to this list (a server found to be a cluster node adds the cluster's checks)
     */
    DoctorRun(RedisSettings settings, Duration timeout, boolean brief, List<ConnectedStep> then) {
        this.settings = settings;
        this.timeout = timeout;
        this.brief = brief;
        this.then = then;
    }

    /** A check made on the node's open, authenticated connection. */
    interface ConnectedBody {
        /** @return the step's detail; throws {@link StepFailedException} with the diagnosis when it fails */
        String run(RespConnection resp, Deadline deadline) throws Exception;
    }

    /** A check of {@link DoctorCheck} {@code check} on the open connection. */
    record ConnectedStep(DoctorCheck check, ConnectedBody body) {
    }

    public DoctorReport run() {
        threads = new RunThreads();
        try {
            if (settings.tls()) {
                try {
                    tlsHandshake = new TlsHandshake(settings);
                } catch (StepFailedException e) {
                    failure = e.diagnosis();
                    steps.add(new DoctorStep(DoctorCheck.TLS, false, 0, failure.code() + ": " + failure.message()));
                    return new DoctorReport(steps, failure);
                }
            }
            boolean ok = step(DoctorCheck.DNS, this::dns) && step(DoctorCheck.TCP, this::tcp) && (!settings.tls() || step(DoctorCheck.TLS, this::tls))
                    && step(DoctorCheck.AUTH, this::auth) && step(DoctorCheck.PING, d -> ServerChecks.ping(resp, d))
                    && (brief || step(DoctorCheck.INFO_SERVER, d -> ServerChecks.infoServer(resp, d))
                            && step(DoctorCheck.INFO_CLIENTS, d -> ServerChecks.infoClients(resp, d))
                            && step(DoctorCheck.LATENCY, d -> ServerChecks.latency(resp, d)));
            for (int i = 0; ok && i < then.size(); i++) {
                ConnectedStep next = then.get(i);
                ok = step(next.check(), deadline -> next.body().run(resp, deadline));
            }
            if (ok) {
                quit();
            }
        } finally {
            closeSocket();
            threads.close();
        }
        return new DoctorReport(steps, failure);
    }

    private interface Body {
        String run(Deadline deadline) throws Exception;
    }

    private boolean step(DoctorCheck check, Body body) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        watchdogFired = false;
        ScheduledFuture<?> watchdog = threads.schedule(() -> {
            watchdogFired = true;
            closeSocket();
        }, timeout.plus(GRACE).toMillis());
        try {
            String detail = body.run(deadline);
            watchdog.cancel(false);
            steps.add(new DoctorStep(check, true, millisSince(start), detail));
            return true;
        } catch (StepFailedException e) {
            failure = e.diagnosis();
        } catch (SocketTimeoutException e) {
            failure = noAnswer(check);
        } catch (Exception e) {
            failure = watchdogFired ? noAnswer(check) : Classification.ofFailure(e, settings.tls());
        } finally {
            watchdog.cancel(false);
        }
        steps.add(new DoctorStep(check, false, millisSince(start), failure.code() + ": " + failure.message()));
        return false;
    }

    private Diagnosis noAnswer(DoctorCheck check) {
        return Diagnosis.of(DiagnosisCode.SERVER_UNRESPONSIVE, check.label() + " got no answer within " + timeout.toMillis() + " ms although "
                + (settings.tls() ? "TCP and TLS" : "TCP") + " connected: the server (or a proxy in between) is frozen or overloaded");
    }

    // ------------------------------------------------------------------ steps

    private String dns(Deadline deadline) throws StepFailedException, InterruptedException {
        String host = settings.host();
        Future<InetAddress[]> lookup = threads.lookUp(() -> InetAddress.getAllByName(host));
        try {
            addresses = lookup.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new StepFailedException(Diagnosis.of(DiagnosisCode.DNS_UNRESOLVABLE,
                    "the DNS lookup of " + host + " did not finish within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new StepFailedException(Diagnosis.of(DiagnosisCode.DNS_UNRESOLVABLE, host + " does not resolve"));
            }
            throw new StepFailedException(Classification.ofFailure(e.getCause(), settings.tls()));
        }
        return Arrays.stream(addresses).map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
    }

    private String tcp(Deadline deadline) throws StepFailedException {
        IOException last = null;
        InetSocketAddress lastAddress = null;
        int failed = 0;
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, settings.port());
            Socket candidate = new Socket();
            socket = candidate;
            try {
                candidate.setTcpNoDelay(true);
                candidate.connect(target, deadline.socketTimeout());
                connected = target;
                return endpoint(target) + " (local port " + candidate.getLocalPort() + ")"
                        + (failed > 0 ? "; " + failed + " address" + (failed > 1 ? "es" : "") + " failed first" : "");
            } catch (IOException e) {
                closeSocket();
                last = e;
                lastAddress = target;
                failed++;
            }
        }
        Diagnosis d = watchdogFired || last instanceof SocketTimeoutException
                ? Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "the TCP connect got no answer within " + timeout.toMillis() + " ms")
                : Classification.ofFailure(last, settings.tls());
        throw new StepFailedException(new Diagnosis(d.code(), d.message() + " (" + endpoint(lastAddress)
                + (addresses.length > 1 ? ", tried " + addresses.length + " addresses" : "") + ")", d.hint()));
    }

    private String tls(Deadline deadline) throws Exception {
        TlsHandshake handshake = tlsHandshake;
        // Keep a quarter of the budget to find out why, should the handshake get no answer at all.
        long handshakeStart = System.nanoTime();
        Deadline handshakeDeadline = new Deadline(deadline.nanos() - (deadline.nanos() - handshakeStart) / 4);
        try {
            socket = handshake.handshake(socket, handshakeDeadline, threads);
        } catch (SocketTimeoutException e) {
            closeSocket();
            long waited = millisSince(handshakeStart);
            Optional<Object> plaintext = Probes.plaintextPing(connected, deadline);
            if (plaintext.isPresent()) {
                throw new StepFailedException(Diagnosis.of(DiagnosisCode.TLS_NOT_OFFERED, "the TLS handshake got no answer within "
                        + waited + " ms, but a plaintext PING got " + plaintext.get() + ": the port speaks Redis without TLS"));
            }
            throw new StepFailedException(Diagnosis.of(DiagnosisCode.SERVER_UNRESPONSIVE, "the TLS handshake got no answer within "
                    + waited + " ms, nor did a plaintext PING: the server (or a proxy in between) is frozen or overloaded"));
        }
        resp = new RespConnection(socket);
        return handshake.detail();
    }

    private String auth(Deadline deadline) throws Exception {
        if (resp == null) {
            resp = new RespConnection(socket);
        }
        String user = settings.username().orElse("default");
        List<String> hello = new ArrayList<>(List.of("HELLO", "3"));
        if (!settings.password().isEmpty()) {
            hello.addAll(List.of("AUTH", user, settings.password().reveal()));
        }
        settings.clientName().ifPresent(name -> hello.addAll(List.of("SETNAME", name)));
        Object reply = firstExchange(deadline, hello.toArray(String[]::new));
        String detail;
        if (reply instanceof RespConnection.Error e && isUnknownCommand(e)) {
            // Redis before 6: no HELLO, RESP2 and a password without user.
            if (!settings.password().isEmpty()) {
                NodeChecks.expectReply(settings.username().isPresent() ? resp.call(deadline, "AUTH", user, settings.password().reveal())
                        : resp.call(deadline, "AUTH", settings.password().reveal()));
            }
            detail = "AUTH" + (settings.password().isEmpty() ? " not needed" : " as " + user) + " (no HELLO: Redis before 6, RESP2)";
        } else {
            NodeChecks.expectReply(reply);
            Map<?, ?> info = reply instanceof Map<?, ?> m ? m : Map.of();
            detail = "HELLO 3 as " + user + (settings.password().isEmpty() ? " (no password)" : "")
                    + ": " + field(info, "server", "redis") + " " + field(info, "version", "?")
                    + ", " + field(info, "mode", "?") + ", " + field(info, "role", "?");
        }
        if (settings.database() != 0) {
            NodeChecks.expectReply(resp.call(deadline, "SELECT", Integer.toString(settings.database())));
            detail += ", database " + settings.database();
        }
        return detail;
    }

    /** The first command on a connection: a close or reset before any reply is the signature of several causes. */
    private Object firstExchange(Deadline deadline, String... command) throws Exception {
        try {
            return resp.call(deadline, command);
        } catch (NotRedisException e) {
            throw new StepFailedException(Diagnosis.of(DiagnosisCode.NOT_REDIS, e.getMessage()));
        } catch (EOFException | SocketException e) {
            if (watchdogFired || resp.anyByteRead()) {
                throw e;
            }
            closeSocket();
            if (!settings.tls() && Probes.speaksTls(settings, connected, deadline, threads)) {
                throw new StepFailedException(Diagnosis.of(DiagnosisCode.TLS_EXPECTED, "the server closed the plaintext connection "
                        + "without answering, and a TLS handshake on the same port succeeds: it accepts TLS only"));
            }
            Deadline shortly = new Deadline(Math.min(deadline.nanos(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)));
            if (settings.tls()) {
                Optional<Diagnosis> alert = Probes.alertAfterHandshake(tlsHandshake, connected, shortly, threads);
                if (alert.isPresent()) {
                    throw new StepFailedException(alert.get());
                }
            }
            Optional<Object> unprompted = Probes.unprompted(connected, shortly);
            if (unprompted.isPresent() && unprompted.get() instanceof RespConnection.Error error) {
                throw new StepFailedException(Classification.ofReply(error.text()));
            }
            Diagnosis d = Classification.ofFailure(e, settings.tls());
            throw new StepFailedException(new Diagnosis(d.code(), "the server " + (e instanceof EOFException ? "closed" : "reset")
                    + " the connection without answering " + command[0] + " (" + d.message() + ")", d.hint()));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String field(Map<?, ?> map, String key, String otherwise) {
        Object value = map.get(key);
        return value == null ? otherwise : String.valueOf(value);
    }

    private static boolean isUnknownCommand(RespConnection.Error e) {
        String t = e.text().toLowerCase(Locale.ROOT);
        return t.startsWith("err unknown command");
    }

    private void quit() {
        try {
            resp.send("QUIT");
        } catch (IOException ignored) {
            // the report is complete; the socket is closed next
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private static String endpoint(InetSocketAddress a) {
        return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
