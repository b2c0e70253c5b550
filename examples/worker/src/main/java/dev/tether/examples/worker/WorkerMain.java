package dev.tether.examples.worker;

import dev.tether.redis.SharedRedis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Runs a worker pool on the process's one Redis connection. Settings come the normal way:
 * {@code REDIS_URL}, {@code REDIS_TLS} from the environment, {@code ./.env} or Doppler
 * ({@code DOPPLER_TOKEN}). {@code --produce N} first submits N sample jobs. SIGTERM (or Ctrl-C)
 * stops taking jobs, finishes the ones in flight and exits.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) { // before the first logger exists
            System.setProperty("logback.configurationFile", "worker-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(WorkerMain.class);
        int produce = args.length == 2 && args[0].equals("--produce") ? Integer.parseInt(args[1]) : 0;

        SharedRedis redis = SharedRedis.get(); // the one connection; tether closes it at exit
        JobQueue queue = new JobQueue(redis, System.getenv().getOrDefault("QUEUE", "jobs"));
        WorkerPool pool = WorkerPool.builder(redis, queue, WorkerMain::handle).workers(4).start(); // after the readiness gate
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pool.stop(Duration.ofSeconds(20));
            log.info("stopped: {} jobs done, {} reclaimed", pool.done(), pool.reclaimed());
        }, "worker-shutdown"));
        log.info("{} workers on stream '{}' at {}", pool.workers(), queue.stream(), redis.settings().redactedUri());

        for (int i = 1; i <= produce; i++) {
            queue.submit(new Job("sample-" + i, "hello tether " + i), Duration.ofSeconds(30));
        }
    }

    /** The sample job: pure, so running it twice does no harm. */
    static String handle(Job job) {
        return job.payload().toUpperCase(Locale.ROOT);
    }
}
