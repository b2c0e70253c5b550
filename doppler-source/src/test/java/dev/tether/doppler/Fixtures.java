package dev.tether.doppler;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Shared test values (canaries: any of them in captured output is a leak) and config-building helpers. */
final class Fixtures {
    /** A service-token-shaped canary: 43 alphanumerics after {@code dp.st.dev.}. */
    static final String TOKEN = "dp.st.dev.canaryTokenAbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final String PROJECT = "tether";
    static final String CONFIG = "dev";
    static final String REDIS_PASSWORD = "canaryRedisPassw0rd";
    static final String REDIS_URL = "rediss://default:" + REDIS_PASSWORD + "@finer-cub-33800.upstash.io:6379";
    static final String API_SECRET = "canary-api-secret-value";
    static final Map<String, String> SECRETS = Map.of(
            "REDIS_URL", REDIS_URL,
            "API_SECRET", API_SECRET,
            "REDIS_CLIENT_NAME", "from-doppler");

    private Fixtures() {
    }

    /** Bootstrap keys as a process environment would carry them, with test-sized timeouts. */
    static Map<String, String> env(FakeDopplerServer server, Path cacheFile) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOPPLER_TOKEN", TOKEN);
        env.put("DOPPLER_PROJECT", PROJECT);
        env.put("DOPPLER_CONFIG", CONFIG);
        env.put("DOPPLER_API_HOST", server.baseUrl());
        env.put("DOPPLER_CACHE_FILE", cacheFile.toString());
        // Short enough that outage tests stay quick, long enough for a first request on a busy 2-core machine.
        env.put("DOPPLER_CONNECT_TIMEOUT", "1s");
        env.put("DOPPLER_TIMEOUT", "1500ms");
        env.put("DOPPLER_RETRY_BUDGET", "1500ms");
        return env;
    }

    /** Environment (300), a {@code .env} stand-in (260) and the Doppler factory, through a real SmallRye builder. */
    static SmallRyeConfig build(Map<String, String> env, Map<String, String> dotEnv) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(dotEnv, ".env", 260))
                .withSources(new DopplerConfigSourceFactory())
                .build();
    }

    static SmallRyeConfig build(Map<String, String> env) {
        return build(env, Map.of());
    }

    static boolean hasDopplerSource(SmallRyeConfig config) {
        return StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .map(ConfigSource::getName)
                .anyMatch(name -> name.startsWith("doppler:"));
    }

    /** The DopplerException in {@code thrown}'s cause chain (SmallRye may wrap it). */
    static DopplerException dopplerFailure(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DopplerException e) {
                return e;
            }
        }
        throw new AssertionError("no DopplerException in the cause chain", thrown);
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
