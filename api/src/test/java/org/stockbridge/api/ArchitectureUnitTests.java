package org.stockbridge.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The module rules of the design notes, checked on the compiled main code of every module. */
@AnalyzeClasses(packages = "org.stockbridge",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureUnitTests.NoTestJars.class})
class ArchitectureUnitTests {

    /** Leaves out the test classes other modules share as test jars (the test database support of infra). */
    static final class NoTestJars implements ImportOption {

        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    private static final String[] FRAMEWORKS = {"org.springframework..", "io.r2dbc..", "java.sql..", "javax.sql..",
            "reactor..", "jakarta.persistence..", "org.flywaydb.."};

    @ArchTest
    static final ArchRule forecasting_is_a_plain_java_library = noClasses()
            .that().resideInAnyPackage("org.stockbridge.forecasting..", "org.stockbridge.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("forecasting must not import Spring, R2DBC or JDBC");

    @ArchTest
    static final ArchRule domain_packages_are_free_of_framework_imports = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);

    @ArchTest
    static final ArchRule the_domain_depends_on_nothing_but_the_jdk = classes()
            .that().resideInAPackage("org.stockbridge.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.stockbridge.domain..")
            .because("the domain module holds the shared vocabulary and rules as records and pure functions");

    @ArchTest
    static final ArchRule no_package_depends_on_itself_through_others = slices()
            .matching("org.stockbridge.(**)")
            .should().beFreeOfCycles()
            .because("a cycle between packages makes neither understandable, testable or movable alone");

    @ArchTest
    static final ArchRule batch_does_not_depend_on_the_api = noClasses()
            .that().resideInAPackage("org.stockbridge.batch..")
            .should().dependOnClassesThat().resideInAPackage("org.stockbridge.api..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule infra_holds_no_business_logic_and_depends_on_no_other_module = noClasses()
            .that().resideInAPackage("org.stockbridge.infra..")
            .should().dependOnClassesThat().resideInAnyPackage("org.stockbridge.api..", "org.stockbridge.batch..",
                    "org.stockbridge.forecasting..", "org.stockbridge.domain..");

    @ArchTest
    static final ArchRule forecasting_depends_on_no_other_module = noClasses()
            .that().resideInAnyPackage("org.stockbridge.forecasting..", "org.stockbridge.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.stockbridge.api..", "org.stockbridge.batch..",
                    "org.stockbridge.infra..");

    @ArchTest
    static final ArchRule the_api_never_blocks_a_reactive_pipeline = noClasses()
            .that().resideInAPackage("org.stockbridge.api..")
            .should().callMethodWhere(DescribedPredicate.describe("a blocking reactor call", (JavaMethodCall call) ->
                    call.getTarget().getName().startsWith("block")
                            && call.getTargetOwner().getPackageName().startsWith("reactor.core.publisher")))
            .because("handlers return the reactive pipeline and never block an event-loop thread");

    @ArchTest
    static final ArchRule the_api_does_not_use_jdbc = noClasses()
            .that().resideInAPackage("org.stockbridge.api..")
            .and().resideOutsideOfPackage("org.stockbridge.api.startup..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..")
            .because("the API talks R2DBC; JDBC belongs to Flyway and Spring Batch");

    @ArchTest
    static final ArchRule controllers_leave_the_database_to_repositories = noClasses()
            .that().resideInAPackage("org.stockbridge.api..")
            .and().haveSimpleNameEndingWith("Controller").or().haveSimpleNameEndingWith("Routes")
            .should().dependOnClassesThat().resideInAnyPackage("io.r2dbc..", "org.springframework.r2dbc..")
            .because("a controller binds HTTP to a service or repository; queries live in the feature's repository "
                    + "or its .sql files, where they can be read and benchmarked on their own");

    @ArchTest
    static final ArchRule every_endpoint_declares_who_may_call_it_beside_its_mapping = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("org.stockbridge.api..")
            .and().areMetaAnnotatedWith("org.springframework.web.bind.annotation.RequestMapping")
            .should().beAnnotatedWith("org.stockbridge.api.web.RequiresScope")
            .orShould().beAnnotatedWith("org.stockbridge.api.web.PublicEndpoint")
            .because("the access decision reads the rule from the handler the router chooses; an endpoint without "
                    + "one is refused to everyone and stops the application from starting");

    @ArchTest
    static final ArchRule a_deprecated_endpoint_says_when_it_stops_answering = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("org.stockbridge.api..")
            .and().areMetaAnnotatedWith("org.springframework.web.bind.annotation.RequestMapping")
            .and().areAnnotatedWith(Deprecated.class)
            .should().beAnnotatedWith("org.stockbridge.api.web.Sunset")
            .allowEmptyShould(true)
            .because("the deprecation policy gives partners a Sunset date at least six months ahead "
                    + "(docs/api-compatibility.md)");

    @ArchTest
    static final ArchRule every_package_is_documented = classes()
            .that().resideInAPackage("org.stockbridge..")
            .should(com.tngtech.archunit.lang.conditions.ArchConditions.be(DescribedPredicate.describe(
                    "in a package with a package-info",
                    c -> c.getPackage().tryGetPackageInfo().isPresent())));
}
