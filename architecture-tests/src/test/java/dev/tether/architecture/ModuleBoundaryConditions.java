package dev.tether.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Optional;
import java.util.function.Function;

/** The conditions {@link ModuleBoundariesTest} checks, each over the dependencies of one class. */
final class ModuleBoundaryConditions {
    private ModuleBoundaryConditions() {
    }

    /**
     * A class uses no {@code ..internal..} class of another module.
     *
     * @param moduleOf the module of a class, empty when not one of tether's
     */
    static ArchCondition<JavaClass> notUseAnotherModulesInternals(Function<JavaClass, Optional<String>> moduleOf) {
        return new ArchCondition<>("not use another module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = moduleOf.apply(origin).orElse("(not a tether module)");
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (!isTetherInternal(target)) {
                        continue;
                    }
                    String to = moduleOf.apply(target).orElse("package " + target.getPackageName());
                    if (!to.equals(from)) {
                        events.add(SimpleConditionEvent.violated(dependency, from + " -> " + to + " internals: " + dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** A class of a tether module uses only classes of its own module and of the modules it may use. */
    static ArchCondition<JavaClass> useOnlyAllowedModules(TetherModules modules) {
        return new ArchCondition<>("use only the tether modules their module may use") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<String> from = modules.moduleOf(origin);
                if (from.isEmpty()) {
                    return;
                }
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (!target.getPackageName().startsWith("dev.tether.")) {
                        continue;
                    }
                    String to = modules.moduleOrPackageOf(target);
                    if (!to.equals(from.get()) && !TetherModules.ALLOWED.get(from.get()).contains(to)) {
                        events.add(SimpleConditionEvent.violated(dependency, from.get() + " -> " + to + ": " + dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isTetherInternal(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return pkg.startsWith("dev.tether.") && (pkg.endsWith(".internal") || pkg.contains(".internal."));
    }
}
