package io.patchrun;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the README's Development section, kept by the build. The core holds the domain and
 * talks to the engine, the database and the web only through its own interfaces; the adapters implement
 * those with Spring and docker-java. A package named here that does not exist (yet) is simply empty.
 */
@AnalyzeClasses(packages = "io.patchrun", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    static final String[] CORE = {
            "io.patchrun.image..", "io.patchrun.pipeline..", "io.patchrun.dockerfile..", "io.patchrun.plan..",
            "io.patchrun.container..", "io.patchrun.rollout..", "io.patchrun.smoke..", "io.patchrun.build..",
            "io.patchrun.retain..", "io.patchrun.watch..", "io.patchrun.fleet..", "io.patchrun.source..",
            "io.patchrun.time..", "io.patchrun.policy..", "io.patchrun.service..", "io.patchrun.packages..",
    };

    /** The packages that may use Spring; {@code io.patchrun} itself holds the application class. */
    static final String[] SPRING_ADAPTERS = {
            "io.patchrun", "io.patchrun.docker..", "io.patchrun.web..", "io.patchrun.wiring..", "io.patchrun.batch..",
            "io.patchrun.schedule..", "io.patchrun.reload..", "io.patchrun.cli..", "io.patchrun.run..",
            "io.patchrun.history..", "io.patchrun.status..", "io.patchrun.security..", "io.patchrun.demo..",
            "io.patchrun.metrics..",
    };

    @ArchTest
    static final ArchRule coreImportsNeitherSpringNorDockerJava = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.github.dockerjava..")
            .because("the core is plain Java: Spring and docker-java stay in the adapters");

    @ArchTest
    static final ArchRule onlyTheAdaptersUseSpring = noClasses()
            .that().resideOutsideOfPackages(SPRING_ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("a new package is core until it is listed as an adapter here and in the README");

    @ArchTest
    static final ArchRule onlyTheEngineAdaptersUseDockerJava = noClasses()
            .that().resideOutsideOfPackages("io.patchrun.docker..", "io.patchrun.demo..")
            .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
            .because("io.patchrun.docker talks to the engine for patch runs; the demo, off unless enabled, makes its"
                    + " base image and containers with an engine adapter of its own, so nothing else needs a demo class");

    @ArchTest
    static final ArchRule nothingButTheDemoUsesTheDemo = noClasses()
            .that().resideOutsideOfPackage("io.patchrun.demo..")
            .should().dependOnClassesThat().resideInAPackage("io.patchrun.demo..")
            .because("the demo is an optional feature (patchrun.demo.enabled) that plugs into the rest");

    @ArchTest
    static final ArchRule dockerfileUsesOnlyImage = noClasses()
            .that().resideInAPackage("io.patchrun.dockerfile..")
            .should().dependOnClassesThat(resideInAPackage("io.patchrun..")
                    .and(not(resideInAnyPackage("io.patchrun.dockerfile..", "io.patchrun.image.."))))
            .because("the Dockerfile parser is pure: text in, instructions and image references out");

    @ArchTest
    static final ArchRule planUsesOnlyImage = noClasses()
            .that().resideInAPackage("io.patchrun.plan..")
            .should().dependOnClassesThat(resideInAPackage("io.patchrun..")
                    .and(not(resideInAnyPackage("io.patchrun.plan..", "io.patchrun.image.."))))
            .because("the build order is pure: image references in, levels out");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.patchrun.(*)..")
            .should().beFreeOfCycles();
}
