package org.tellonce.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/ARCHITECTURE.md, checked on the compiled functions: the core is plain
 * Java (no AWS SDK, no Lambda events, no Jackson, nothing outside the core), dependencies point
 * inwards, and no two packages need each other. A change that breaks it fails the build here.
 */
class ArchitectureTest {
    private static JavaClasses functions;

    @BeforeAll
    static void importFunctions() {
        functions = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tellonce");
    }

    @Test
    void theCoreIsPlainJava() {
        classes().that().resideInAPackage("org.tellonce.core..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("org.tellonce.core..", "java..", "javax.crypto..",
                        // Phone numbers are parsed and masked by the core's rules (Google's libphonenumber, plain Java).
                        "com.google.i18n.phonenumbers..")
                .because("the core holds the rules and must run without AWS, Lambda or a JSON library")
                .check(functions);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.tellonce.(**)").should().beFreeOfCycles().check(functions);
    }

    @Test
    void onlyTheEdgeKnowsLambdaEvents() {
        noClasses().that().resideInAnyPackage("org.tellonce.core..", "org.tellonce.adapters..", "org.tellonce.web..",
                        "org.tellonce.config..", "org.tellonce.wiring..")
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws.services.lambda.runtime.events..")
                .check(functions);
    }

    @Test
    void adaptersAndTheCoreNeverReachForHandlers() {
        noClasses().that().resideOutsideOfPackage("org.tellonce.handlers..")
                .should().dependOnClassesThat().resideInAPackage("org.tellonce.handlers..")
                .because("handlers are entry points: nothing is built on them")
                .check(functions);
    }

    @Test
    void theCoreAndAdaptersDoNotBuildPages() {
        noClasses().that().resideInAnyPackage("org.tellonce.core..", "org.tellonce.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("org.tellonce.web..", "org.tellonce.http..",
                        "org.tellonce.wiring..")
                .check(functions);
    }
}
