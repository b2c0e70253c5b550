package dev.tether.testkit.toxiproxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of one proxied connection: bytes read from {@code source} run through the toxic chain
 * of that direction and are written to {@code target}.
 *
 * <p>Two threads per link: a reader doing blocking reads into a 32 KiB buffer, and a writer that
 * releases held chunks when they fall due, then writes them. All chain state is guarded by one lock;
 * socket reads and writes happen outside it, so a stalled peer blocks only its own link, never the API.
 * The reader stops reading while more than {@value #MAX_BUFFERED} bytes are held in the chain
 * (e.g. behind a {@code bandwidth} rate of 0), so a stall pushes back on the sender as TCP would.
 */
final class Link {
    private static final int READ_BUFFER = 32 * 1024;
    static final long MAX_BUFFERED = 4L * 1024 * 1024;

    private final ProxiedConnection connection;
    final Direction direction;
    final Socket source;
    final Socket target;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final List<ToxicStage> stages = new ArrayList<>();
    private final ArrayDeque<Chunk> outbox = new ArrayDeque<>();
    private long buffered;
    private boolean sealed;
    private boolean terminated;
    private boolean sourceClosed;

    Link(ProxiedConnection connection, Direction direction, Socket source, Socket target, List<ToxicSpec> chain) {
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.target = target;
        long now = System.nanoTime();
        for (ToxicSpec spec : chain) {
            stages.add(ToxicStage.start(spec, now, null));
        }
    }

    void start(String name) {
        DaemonThreads.start(name + "-read", this::readLoop);
        DaemonThreads.start(name + "-write", this::writeLoop);
    }

    /**
     * Adds a toxic at the end of the chain. Like the real server ({@code link.go} {@code AddToxic}, lines
     * 171-192), the toxic that was last is interrupted and run again: its timers restart and its toxicity
     * is drawn again.
     */
    void addToxic(ToxicSpec spec) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (!stages.isEmpty()) {
                restart(stages.size() - 1, stages.get(stages.size() - 1).spec, now);
            }
            stages.add(ToxicStage.start(spec, now, null));
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Restarts the toxic with new attributes ({@code link.go} {@code UpdateToxic}, lines 195-199). */
    void updateToxic(ToxicSpec spec) {
        lock.lock();
        try {
            int index = indexOf(spec.name);
            if (index >= 0) {
                restart(index, spec, System.nanoTime());
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a toxic: what it held goes onward now, and the toxic before it is run again
     * ({@code link.go} {@code RemoveToxic}, lines 202-278).
     */
    void removeToxic(String name) {
        lock.lock();
        try {
            int index = indexOf(name);
            if (index < 0) {
                return;
            }
            long now = System.nanoTime();
            if (stages.get(index).outlivesRemoval()) {
                stages.get(index).removed = true; // it ends the stream first, as the real server's removal waits
                return;
            }
            ToxicStage removed = stages.remove(index);
            boolean ended = removed.ended();
            removed.remove(now, into(index));
            if (!ended && !removed.ended() && index > 0) {
                restart(index - 1, stages.get(index - 1).spec, now);
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Interrupts stage {@code index} and runs {@code spec} in its place: the chunk it was working on goes on
     * at once (as an interrupted Go toxic writes it out before returning), the rest is fed to the new stage.
     * A stage that has ended stays as it is, as a closed stub cannot be interrupted.
     */
    private void restart(int index, ToxicSpec spec, long now) {
        ToxicStage old = stages.get(index);
        if (old.ended() || old.outlivesRemoval()) {
            return;
        }
        List<ToxicStage.Held> pending = old.drain();
        ToxicStage fresh = ToxicStage.start(spec, now, old);
        stages.set(index, fresh);
        for (int i = 0; i < pending.size(); i++) {
            ToxicStage.Held held = pending.get(i);
            if (i == 0) {
                into(index + 1).emit(held.chunk, now);
            } else {
                fresh.offer(held.chunk, held.arrived, into(index + 1));
            }
        }
    }

    /**
     * The source socket is being closed by this proxy (the other link's stream ended): nothing read from it
     * from now on goes onward. In Go, {@code Close} wakes a blocked {@code Read} with an error at once, so a
     * reply already on its way from the peer is lost; a JDK socket may still hand it over while closing.
     */
    void sourceClosing() {
        lock.lock();
        try {
            sourceClosed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops both threads; what is held is discarded. Sockets are closed by the connection. */
    void terminate() {
        lock.lock();
        try {
            terminated = true;
            sealed = true;
            outbox.clear();
            wake.signalAll();
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            InputStream in = source.getInputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                lock.lock();
                try {
                    while (buffered > MAX_BUFFERED && !terminated) {
                        space.await();
                    }
                    if (terminated) {
                        return;
                    }
                    if (sourceClosed) {
                        break;
                    }
                    buffered += n;
                    into(0).emit(Chunk.of(Arrays.copyOf(buffer, n)), System.nanoTime());
                    wake.signal();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // the source is closed or broken: like the real server, that is the end of this stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lock.lock();
        try {
            if (!terminated) {
                into(0).emit(Chunk.EOF, System.nanoTime());
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        List<Chunk> batch = new ArrayList<>();
        try {
            OutputStream out = target.getOutputStream();
            while (true) {
                lock.lock();
                try {
                    while (true) {
                        if (terminated) {
                            return;
                        }
                        long now = System.nanoTime();
                        for (int i = 0; i < stages.size(); i++) {
                            stages.get(i).release(now, into(i + 1));
                        }
                        if (!outbox.isEmpty()) {
                            batch.addAll(outbox);
                            outbox.clear();
                            break;
                        }
                        long next = ToxicStage.NEVER;
                        for (ToxicStage stage : stages) {
                            next = Math.min(next, stage.nextDue());
                        }
                        if (next == ToxicStage.NEVER) {
                            wake.await();
                        } else if (next > now) {
                            wake.awaitNanos(next - now);
                        }
                    }
                } finally {
                    lock.unlock();
                }
                if (batch.get(batch.size() - 1).isEof()) {
                    // The last bytes are followed by the close: from the moment they leave, a reply to them
                    // may only arrive after Go's Close, which drops it (see sourceClosing).
                    connection.targetClosing(this);
                }
                for (Chunk chunk : batch) {
                    if (chunk.isEof()) {
                        connection.streamEnded(this);
                        return;
                    }
                    out.write(chunk.data);
                    freed(chunk.length());
                }
                batch.clear();
            }
        } catch (IOException e) {
            connection.streamEnded(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < stages.size(); i++) {
            if (!stages.get(i).removed && stages.get(i).spec.name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The input of stage {@code index}, or of the target socket when {@code index} is past the chain. */
    private ToxicStage.Output into(int index) {
        return new ToxicStage.Output() {
            @Override
            public void emit(Chunk chunk, long time) {
                if (index < stages.size()) {
                    stages.get(index).offer(chunk, time, into(index + 1));
                } else if (sealed) {
                    buffered -= chunk.length();
                    space.signalAll();
                } else {
                    outbox.addLast(chunk);
                    sealed = chunk.isEof();
                }
            }

            @Override
            public void dropped(int bytes) {
                buffered -= bytes;
                space.signalAll();
            }
        };
    }

    private void freed(int bytes) {
        lock.lock();
        try {
            buffered -= bytes;
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
