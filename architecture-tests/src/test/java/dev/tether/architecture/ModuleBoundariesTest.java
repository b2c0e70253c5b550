package dev.tether.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.tether.architecture.fixture.UsesAnotherModulesInternals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency rules of docs/architecture.md, over the compiled classes of every module: each one
 * fails the build on a back-edge.
 */
class ModuleBoundariesTest {
    private static TetherModules modules;

    @BeforeAll
    static void readModules() {
        modules = TetherModules.load();
    }

    @Test
    void noModuleImportsAnotherModulesInternals() {
        classes().should(ModuleBoundaryConditions.notUseAnotherModulesInternals(modules::moduleOf))
                .check(modules.classes());
    }

    @Test
    void modulesUseOnlyTheModulesTheArchitectureAllows() {
        classes().should(ModuleBoundaryConditions.useOnlyAllowedModules(modules)).check(modules.classes());
    }

    @Test
    void noModuleDependsOnAnExample() {
        noClasses().that().resideOutsideOfPackage("dev.tether.examples..")
                .should().dependOnClassesThat().resideInAPackage("dev.tether.examples..")
                .check(modules.classes());
    }

    @Test
    void theConnectionDoesNotReachIntoTheDoctor() {
        noClasses().that().resideInAnyPackage("dev.tether.redis..", "dev.tether.config..", "dev.tether.diagnosis..")
                .should().dependOnClassesThat().resideInAPackage("dev.tether.doctor..")
                .because("the connection reaches the doctor only through dev.tether.diagnosis.spi (ServiceLoader)")
                .check(modules.classes());
    }

    @Test
    void configurationDoesNotDependOnTheConnection() {
        noClasses().that().resideInAnyPackage("dev.tether.config..", "dev.tether.diagnosis..")
                .should().dependOnClassesThat().resideInAPackage("dev.tether.redis..")
                .check(modules.classes());
    }

    @Test
    void resolvingSettingsLoadsNoLettuceOrNettyClass() {
        noClasses().that().resideInAPackage("dev.tether.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..")
                .because("config resolution is on every cold start (CLI, bootstrap); the connection maps settings to Lettuce's types")
                .check(modules.classes());
    }

    @Test
    void internalRuleCatchesAClassUsingAnotherModulesInternals() {
        JavaClasses fixture = new ClassFileImporter().importClasses(UsesAnotherModulesInternals.class);
        ArchRule rule = classes().should(ModuleBoundaryConditions.notUseAnotherModulesInternals(c ->
                c.getName().equals(UsesAnotherModulesInternals.class.getName()) ? Optional.of("fixture") : modules.moduleOf(c)));

        EvaluationResult result = rule.evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line ->
                assertThat(line).contains("fixture -> config-core internals").contains("DotEnvConfigSource"));
    }
}
