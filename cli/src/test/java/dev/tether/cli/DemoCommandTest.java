package dev.tether.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demoRecoversFromEveryFaultLosesNoJobAndLeavesNoRedisServerRunning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env"), "REDIS_CLIENT_NAME=demo-from-dotenv\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = TetherCommand.run(new PrintWriter(out), new PrintWriter(err), dir, Map.of(), "demo", "--duration", "20s", "--json");

        assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
        // Gson comes with toxiproxy-java (through testkit): a real parser proves the JSON is well-formed.
        JsonObject summary = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(summary.get("ok").getAsBoolean()).isTrue();
        List<JsonElement> faults = summary.getAsJsonArray("faults").asList();
        assertThat(faults).extracting(f -> f.getAsJsonObject().get("fault").getAsString()).containsExactly("reset", "outage", "latency", "stall");
        assertThat(faults).allSatisfy(f -> {
            JsonObject row = f.getAsJsonObject();
            assertThat(row.get("recovered").getAsBoolean()).as("%s recovered", row.get("fault")).isTrue();
            assertThat(row.get("detectedMs").isJsonNull()).as("%s detected", row.get("fault")).isFalse();
            assertThat(row.get("recoveredMs").getAsLong()).isNotNegative();
            assertThat(row.get("jobsLost").getAsInt()).isZero();
            assertThat(row.get("jobsSubmitted").getAsInt()).isPositive();
        });
        JsonObject jobs = summary.getAsJsonObject("jobs");
        assertThat(jobs.get("lost").getAsInt()).isZero();
        assertThat(jobs.get("submitted").getAsInt()).isGreaterThan(100);
        // --duration bounds the run once Redis, the proxy and the workers are up.
        assertThat(summary.get("elapsedMs").getAsLong() - summary.get("startupMs").getAsLong()).isLessThanOrEqualTo(20_000);

        long pid = summary.getAsJsonObject("cleanup").get("redisPid").getAsLong();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("redis-server pid %d", pid).isEmpty();
        assertThat(err.toString()).contains("REDIS_CLIENT_NAME=demo-from-dotenv from .env");
    }

    @Test
    void demoRefusesADurationTooShortForItsScriptWithoutStartingAnything(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = TetherCommand.run(new PrintWriter(out), new PrintWriter(err), dir, Map.of(), "demo", "--duration", "5s");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("error USAGE: --duration 5000 ms is too short").contains("hint: give --duration");
        assertThat(out.toString()).isEmpty();
    }
}
