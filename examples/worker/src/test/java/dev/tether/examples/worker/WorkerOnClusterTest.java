package dev.tether.examples.worker;

import dev.tether.config.RedisMode;
import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.cluster.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker, unchanged, against a real local Redis Cluster (3 primaries + 3 replicas): only the
 * settings differ (a seed list). Its stream and result keys share the stream's slot (a hash tag),
 * so its one-{@code MGET} result check is legal on a cluster.
 */
class WorkerOnClusterTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    @Test
    void everyJobIsProcessedOnceWhenTheRedisIsACluster() {
        RedisCluster cluster = closeLater(RedisCluster.builder().start());
        List<RedisNode> seeds = cluster.nodes().stream().map(n -> new RedisNode(n.host(), n.port())).toList();
        SharedRedis redis = closeLater(SharedRedis.start(RedisSettings.builder().nodes(seeds).mode(RedisMode.CLUSTER)
                .commandTimeout(Duration.ofSeconds(2)).build()));
        redis.awaitReady(Duration.ofSeconds(20));
        JobQueue queue = new JobQueue(redis, "jobs");
        WorkerPool pool = closeLater(WorkerPool.builder(redis, queue, job -> "done:" + job.payload()).workers(2)
                .block(Duration.ofMillis(200)).start());

        Set<String> submitted = new LinkedHashSet<>();
        for (int i = 0; i < 300; i++) {
            Job job = new Job("job-" + i, "payload-" + i);
            queue.submit(job, Duration.ofSeconds(10));
            submitted.add(job.id());
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(queue.unfinished(submitted)).as("jobs without a result").isEmpty();
            assertThat(queue.pendingCount()).as("jobs not acknowledged").isZero();
        });
        assertThat(queue.result("job-7")).contains("done:payload-7");
        // the result keys live on the stream's node: one slot for the whole queue
        assertThat(cluster.primaryFor("{jobs}:result:job-7").server().command("GET", "{jobs}:result:job-7")).isEqualTo("done:payload-7");
        assertThat(cluster.slotOf("{jobs}:result:job-7")).isEqualTo(cluster.slotOf("jobs"));
    }
}
