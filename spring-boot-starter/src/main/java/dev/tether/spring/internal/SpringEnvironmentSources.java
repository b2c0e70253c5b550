package dev.tether.spring.internal;

import dev.tether.config.SourceOrdinals;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Spring's {@code Environment} as tether config sources, one per Spring property source, so that a
 * value's provenance names the Spring source it came from ({@code spring:commandLineArgs},
 * {@code spring:Config resource 'class path resource [application-prod.properties]' ...}).
 *
 * <p>Ranks, matching both Spring's and tether's precedence: command-line arguments ({@code --redis.url=})
 * at 450, above system properties; Spring's other sources (profile-specific files before plain ones,
 * in Spring's order) from 259 down to 251: above tether's own {@code application.properties} reading
 * (250), below {@code .env} (260), Doppler and the environment. System properties and environment
 * variables are skipped: tether reads those itself, with their own provenance.
 */
public final class SpringEnvironmentSources {
    private static final int COMMAND_LINE = SourceOrdinals.SYSTEM_PROPERTIES + 50;
    private static final Set<String> SKIPPED = Set.of(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, "configurationProperties", "random");

    private SpringEnvironmentSources() {
    }

    /** The sources, read live: each tether resolve sees the Environment's current values. */
    public static List<ConfigSource> of(ConfigurableEnvironment environment) {
        List<ConfigSource> sources = new ArrayList<>();
        int next = SourceOrdinals.DOT_ENV - 1;
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (SKIPPED.contains(source.getName())) {
                continue;
            }
            if (source.getName().equals("commandLineArgs")) {
                sources.add(new Adapter(source, COMMAND_LINE));
            } else if (next > SourceOrdinals.APPLICATION_PROPERTIES) {
                sources.add(new Adapter(source, next--));
            }
        }
        return sources;
    }

    private static final class Adapter implements ConfigSource {
        private final PropertySource<?> source;
        private final int ordinal;

        Adapter(PropertySource<?> source, int ordinal) {
            this.source = source;
            this.ordinal = ordinal;
        }

        @Override
        public Set<String> getPropertyNames() {
            return source instanceof EnumerablePropertySource<?> e ? new TreeSet<>(Arrays.asList(e.getPropertyNames())) : Set.of();
        }

        @Override
        public Map<String, String> getProperties() {
            Map<String, String> out = new java.util.HashMap<>();
            for (String name : getPropertyNames()) {
                String value = getValue(name);
                if (value != null) {
                    out.put(name, value);
                }
            }
            return out;
        }

        @Override
        public String getValue(String name) {
            Object value = source.getProperty(name);
            return value == null ? null : String.valueOf(value);
        }

        @Override
        public String getName() {
            return "spring:" + source.getName();
        }

        @Override
        public int getOrdinal() {
            return ordinal;
        }
    }
}
