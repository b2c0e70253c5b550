package dev.tether.config.internal;

import dev.tether.config.ConfigSourceFailure;
import dev.tether.config.Problem;
import dev.tether.config.ProblemCode;
import dev.tether.config.Redactor;
import dev.tether.config.SourceOrdinals;
import dev.tether.config.internal.dotenv.DotEnvSyntaxException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the SmallRye config tether reads from: system properties (400), environment (300),
 * discovered sources such as Doppler (280), tether's compose-dialect {@code .env} (260) and
 * {@code application.properties} (250). SmallRye's own {@code .env} reader is never added, so the
 * file is read once, in one dialect. Problems loading a source are returned, not thrown.
 */
public final class ConfigAssembly {
    /** The name given to the system-properties source. */
    public static final String SYSPROP_SOURCE_NAME = "SysPropConfigSource";
    /** A class rather than a lambda: a first resolution pays for no lambda bootstrap here. */
    private static final Comparator<ConfigSource> BY_ORDINAL_DESCENDING = new Comparator<>() {
        @Override
        public int compare(ConfigSource a, ConfigSource b) {
            return Integer.compare(b.getOrdinal(), a.getOrdinal());
        }
    };

    private ConfigAssembly() {
    }

    /**
     * The sources, highest ordinal first (ties: in the order added), and any problems met while
     * loading them. {@code ownSourcesOnly}: every source is one of tether's own immutable ones (no
     * discovered source such as Doppler, no source the caller added), so equal inputs give the
     * very same source objects again.
     */
    public record Result(List<ConfigSource> sources, List<Problem> problems, boolean ownSourcesOnly) {
    }

    public static Result build(Map<String, String> environment, Map<String, String> systemProperties, Path dotEnvFile,
                               ClassLoader classLoader, boolean discoverSources) {
        return build(environment, systemProperties, dotEnvFile, classLoader, discoverSources, List.of());
    }

    public static Result build(Map<String, String> environment, Map<String, String> systemProperties, Path dotEnvFile,
                               ClassLoader classLoader, boolean discoverSources, List<ConfigSource> extraSources) {
        List<Problem> problems = new ArrayList<>();
        List<ConfigSource> sources = new ArrayList<>(extraSources);
        sources.add(SourceMemo.systemProperties(systemProperties));
        sources.add(SourceMemo.environment(environment));
        if (dotEnvFile != null) {
            try {
                // Plain code, no lambdas: this runs on every cold start (see TetherConfig.OtherValues).
                java.util.Optional<DotEnvConfigSource> dotEnv = DotEnvConfigSource.of(dotEnvFile, new MapLookup(environment));
                if (dotEnv.isPresent()) {
                    DotEnvConfigSource source = dotEnv.get();
                    // what parsed before an error still counts (as in docker compose); the error is reported
                    java.util.Optional<DotEnvSyntaxException> error = source.dotEnvFile().error();
                    if (error.isPresent()) {
                        problems.add(dotEnvProblem(error.get()));
                    }
                    sources.add(source);
                }
            } catch (DotEnvSyntaxException e) {
                problems.add(dotEnvProblem(e));
            } catch (UncheckedIOException e) {
                problems.add(Problem.of(ProblemCode.SOURCE_FAILED, null, "cannot read " + dotEnvFile + ": " + e.getCause().getMessage(),
                        "check the file's permissions"));
            }
        }
        sources.addAll(classpathProperties(classLoader, "application.properties", SourceOrdinals.APPLICATION_PROPERTIES, problems));
        sources.addAll(classpathProperties(classLoader, "META-INF/microprofile-config.properties", 100, problems));

        if (discoverSources && SourceDiscovery.couldAddSources(classLoader, sources)) {
            try {
                SmallRyeConfig config = new SmallRyeConfigBuilder().forClassLoader(classLoader).withSources(sources).addDiscoveredSources().build();
                List<ConfigSource> all = new ArrayList<>();
                for (ConfigSource source : config.getConfigSources()) {
                    all.add(source);
                }
                return new Result(all, problems, false);
            } catch (RuntimeException e) {
                problems.add(sourceFailure(e));
            }
        }
        // SmallRye's order: ordinal descending, ties in the order added (List.sort is stable).
        sources.sort(BY_ORDINAL_DESCENDING);
        return new Result(sources, problems, extraSources.isEmpty());
    }

    private static Problem dotEnvProblem(DotEnvSyntaxException e) {
        ProblemCode code = DotEnvSyntaxException.REQUIRED_VARIABLE.equals(e.code()) ? ProblemCode.DOTENV_REQUIRED_VARIABLE : ProblemCode.DOTENV_SYNTAX;
        return Problem.of(code, null, e.getMessage() + (code == ProblemCode.DOTENV_SYNTAX ? "; the lines before it are used" : ""),
                code == ProblemCode.DOTENV_SYNTAX
                        ? "the file follows docker compose's .env rules: KEY=value, quote values with spaces or '#', close every quote"
                        : "set the variable in the environment, or give it a default: ${VAR:-default}");
    }

    private static List<ConfigSource> classpathProperties(ClassLoader cl, String name, int ordinal, List<Problem> problems) {
        List<ConfigSource> out = new ArrayList<>();
        try {
            out.addAll(ClasspathMemo.sources(cl, name, ordinal));
        } catch (IOException e) {
            problems.add(Problem.of(ProblemCode.SOURCE_FAILED, null, "cannot read " + name + ": " + e.getMessage(), "check the classpath"));
        }
        return out;
    }

    private static String messageWithCode(String code, String message) {
        return message != null && message.startsWith(code) ? message : code + ": " + message;
    }

    private static Problem sourceFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigSourceFailure f) {
                return new Problem(ProblemCode.SOURCE_FAILED, ProblemCode.SOURCE_FAILED.severity(), null,
                        messageWithCode(f.failureCode(), Redactor.redact(t.getMessage())), f.hint());
            }
        }
        return Problem.of(ProblemCode.SOURCE_FAILED, null, "a configuration source failed: " + Redactor.redact(String.valueOf(e.getMessage())),
                "run with --verbose for the cause");
    }

    /** {@code environment::get} as a class: a first resolution pays for every lambda it meets. */
    private record MapLookup(Map<String, String> map) implements java.util.function.Function<String, String> {
        @Override
        public String apply(String key) {
            return map.get(key);
        }
    }
}
