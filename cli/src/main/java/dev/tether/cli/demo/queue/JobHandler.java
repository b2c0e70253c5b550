package dev.tether.cli.demo.queue;

/**
 * Your processing code. Returns the job's result, which the pool records once per job id; throwing
 * leaves the job pending, to be retried after the claim idle time. Called from several worker threads
 * at once, so it must be thread-safe. If it has side effects outside Redis, key them by
 * {@link Job#id()}: a job can run more than once (see {@link WorkerPool}).
 */
@FunctionalInterface
public interface JobHandler {
    String handle(Job job) throws Exception;
}
