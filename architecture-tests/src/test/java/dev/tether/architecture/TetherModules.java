package dev.tether.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * tether's modules as built: each module's main classes read from {@code <module>/target/classes},
 * so that a class is known by the module it is compiled in, and the module dependencies the
 * architecture allows (docs/architecture.md). Immutable once loaded.
 */
final class TetherModules {
    /** Which modules each module may use; a module missing from a list is a back-edge. */
    static final Map<String, Set<String>> ALLOWED = orderedAllowed();

    private final Map<String, String> moduleOfClass;
    private final JavaClasses all;

    private TetherModules(Map<String, String> moduleOfClass, JavaClasses all) {
        this.moduleOfClass = moduleOfClass;
        this.all = all;
    }

    private static Map<String, Set<String>> orderedAllowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("config-core", Set.of());
        allowed.put("testkit", Set.of());
        allowed.put("doctor", Set.of("config-core"));
        allowed.put("doppler-source", Set.of("config-core"));
        allowed.put("metrics", Set.of("config-core"));
        allowed.put("spring-boot-starter", Set.of("config-core", "metrics"));
        allowed.put("microprofile", Set.of("config-core", "metrics"));
        // The CLI may use testkit for `tether demo` and `tether toxiproxy` only (design.md).
        allowed.put("cli", Set.of("config-core", "doctor", "doppler-source", "testkit"));
        allowed.put("examples/worker", Set.of("config-core"));
        allowed.put("examples/quarkus", Set.of("config-core", "microprofile"));
        allowed.put("examples/spring-boot", Set.of("config-core", "spring-boot-starter"));
        return Map.copyOf(allowed);
    }

    /**
     * Reads every module's classes.
     *
     * @throws IllegalStateException when a module has no compiled classes (build with {@code -am})
     */
    static TetherModules load() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Map<Path, String> moduleOfDir = new LinkedHashMap<>();
        for (String module : ALLOWED.keySet()) {
            Path classes = root.resolve(module).resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                throw new IllegalStateException(classes + " does not exist: build it first (./mvnw -pl architecture-tests -am test)");
            }
            moduleOfDir.put(classes, module);
        }
        JavaClasses all = new ClassFileImporter().importPaths(List.copyOf(moduleOfDir.keySet()));
        Map<String, String> moduleOfClass = new HashMap<>();
        for (JavaClass javaClass : all) {
            javaClass.getSource().map(source -> Path.of(source.getUri())).ifPresent(file -> moduleOfDir.forEach((dir, module) -> {
                if (file.startsWith(dir)) {
                    moduleOfClass.put(javaClass.getName(), module);
                }
            }));
        }
        for (String module : ALLOWED.keySet()) {
            if (!moduleOfClass.containsValue(module)) {
                throw new IllegalStateException(module + "/target/classes holds no classes");
            }
        }
        return new TetherModules(moduleOfClass, all);
    }

    /** Every main class of every module. */
    JavaClasses classes() {
        return all;
    }

    /** The module a class is compiled in; empty for a class outside tether's modules (a library, a test fixture). */
    Optional<String> moduleOf(JavaClass javaClass) {
        return Optional.ofNullable(moduleOfClass.get(javaClass.getBaseComponentType().getName()));
    }

    /** The module a tether class belongs to, by name, or by its root package when not compiled here. */
    String moduleOrPackageOf(JavaClass javaClass) {
        return moduleOf(javaClass).orElseGet(() -> "package " + javaClass.getBaseComponentType().getPackageName());
    }
}
