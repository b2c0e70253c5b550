package dev.tether.config.internal;

import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesLocationConfigSourceFactory;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Whether SmallRye's source discovery would add anything to tether's own sources, answered
 * without instantiating a provider or building a config: when it would not (the usual case for a
 * service without Doppler), resolution reads tether's sources directly and skips SmallRye's
 * builder, which is most of the cost of a first resolution in a JVM.
 *
 * <p>Discovery adds a source for every {@link ConfigSource} and {@link ConfigSourceProvider}
 * service and for every {@link ConfigSourceFactory} service. The one factory SmallRye registers
 * itself, {@link PropertiesLocationConfigSourceFactory}, contributes only when
 * {@value #LOCATIONS} is set in a source.
 */
final class SourceDiscovery {
    static final String LOCATIONS = "smallrye.config.locations";

    private SourceDiscovery() {
    }

    /**
     * True when a discovered source could contribute; also true when a service file cannot be read,
     * so that SmallRye's builder reports the failure as it always did.
     */
    static boolean couldAddSources(ClassLoader classLoader, List<ConfigSource> ownSources) {
        try {
            if (hasProvider(ConfigSource.class, classLoader) || hasProvider(ConfigSourceProvider.class, classLoader)) {
                return true;
            }
            Iterator<ServiceLoader.Provider<ConfigSourceFactory>> factories = providers(ConfigSourceFactory.class, classLoader);
            while (factories.hasNext()) {
                if (factories.next().type() != PropertiesLocationConfigSourceFactory.class || locationsSet(ownSources)) {
                    return true;
                }
            }
            return false;
        } catch (ServiceConfigurationError e) {
            return true;
        }
    }

    private static boolean hasProvider(Class<?> service, ClassLoader classLoader) {
        return providers(service, classLoader).hasNext();
    }

    /** The service's providers, each class loaded but not instantiated. */
    private static <S> Iterator<ServiceLoader.Provider<S>> providers(Class<S> service, ClassLoader classLoader) {
        return ServiceLoader.load(service, classLoader).stream().iterator();
    }

    private static boolean locationsSet(List<ConfigSource> sources) {
        for (ConfigSource source : sources) {
            String value = source.getValue(LOCATIONS);
            if (value != null && !value.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
