package dev.scylla.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of ARCHITECTURE.md, checked on the compiled classes of all six
 * modules: no package cycles, {@code internal} packages used only inside their module, public APIs
 * free of implementation types, only scylla-api composing the three libraries, scylla-cli on top of
 * it, and one class putting a runner container's spec together.
 */
class ArchitectureTest {
  private static final String CORE = "dev.scylla.core";
  private static final String DOCKER = "dev.scylla.docker";
  private static final String CREDENTIALS = "dev.scylla.credentials";
  private static final String KUBERNETES = "dev.scylla.kubernetes";
  private static final String API = "dev.scylla.api";
  private static final String CLI = "dev.scylla.cli";
  private static final List<String> LIBRARIES = List.of(CORE, DOCKER, CREDENTIALS, KUBERNETES);
  private static final List<String> MODULES =
      List.of(CORE, DOCKER, CREDENTIALS, KUBERNETES, API, CLI);

  /** Types that must never appear in a library's public signatures. */
  private static final List<String> IMPLEMENTATION_PACKAGES =
      List.of(
          "com.fasterxml.jackson",
          "com.github.dockerjava",
          "io.fabric8",
          "com.google.common",
          "picocli",
          "ch.qos.logback",
          "org.apache.hc");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // In a reactor build past `package`, other modules' test classes come from their
            // test jars (scylla-cli's tests use them), not from test-classes folders.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.scylla");
  }

  @Test
  void theImport_seesEveryModule() {
    for (String module : MODULES) {
      assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(module)))
          .as("classes of %s", module)
          .isNotEmpty();
    }
  }

  @Test
  void packagesOfScyllaCore_areFreeOfCycles_publicAndInternalIncluded() {
    slices().matching("dev.scylla.core.(**)").should().beFreeOfCycles().check(classes);
  }

  /**
   * In docker, credentials and cli, a public entry point may create its module's implementation
   * (ContainerRuntime.docker() returns a DockerJavaRuntime) and the implementation implements the
   * public interfaces: that one public/internal pair of a module is allowed, nothing else.
   */
  @Test
  void packagesOfTheOtherModules_areFreeOfCycles_butTheirOwnImplementationPair() {
    for (String module : List.of(DOCKER, CREDENTIALS, KUBERNETES, API, CLI)) {
      slices()
          .matching(module + ".(**)")
          .should()
          .beFreeOfCycles()
          .ignoreDependency(
              DescribedPredicate.describe(
                  "in " + module + ".internal",
                  (JavaClass c) -> c.getPackageName().equals(module + ".internal")),
              DescribedPredicate.describe(
                  "in " + module, (JavaClass c) -> c.getPackageName().equals(module)))
          .check(classes);
    }
  }

  @Test
  void modules_areFreeOfCycles() {
    slices().matching("dev.scylla.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void internalPackages_areUsedOnlyInsideTheirModule() {
    for (String module : MODULES) {
      noClasses()
          .that()
          .resideOutsideOfPackage(module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(module + ".internal..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage(module + ".*.internal..")
          .because("a module's internal packages are not part of its API")
          .check(classes);
    }
  }

  @Test
  void libraryModules_dependOnNoOtherScyllaModule() {
    for (String library : LIBRARIES) {
      for (String other : MODULES) {
        if (other.equals(library)) {
          continue;
        }
        noClasses()
            .that()
            .resideInAPackage(library + "..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(other + "..")
            .because("only scylla-api composes the modules, so each can be used alone")
            .check(classes);
      }
    }
  }

  @Test
  void scyllaApi_composesTheThreeLibraries_andScyllaCliStandsOnIt() {
    assertThat(Stream.of(CORE, DOCKER, CREDENTIALS).filter(lib -> uses(API, lib)).toList())
        .as("scylla-api uses each of the three libraries")
        .containsExactly(CORE, DOCKER, CREDENTIALS);
    assertThat(uses(CLI, API)).as("scylla-cli uses scylla-api").isTrue();
    noClasses()
        .that()
        .resideInAPackage(API + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CLI + "..")
        .because("the command line is one user of the API, not a part of it")
        .check(classes);
  }

  @Test
  void scyllaCli_importsTheApiAtLeastAsOftenAsTheThreeLibrariesTogether() throws Exception {
    java.util.Map<String, Integer> imports = new java.util.TreeMap<>();
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (String line : java.nio.file.Files.readAllLines(file)) {
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("^import dev\\.scylla\\.(\\w+)\\.").matcher(line);
          if (m.find()) {
            imports.merge(m.group(1), 1, Integer::sum);
          }
        }
      }
    }
    int libraries =
        imports.getOrDefault("core", 0)
            + imports.getOrDefault("docker", 0)
            + imports.getOrDefault("credentials", 0);
    org.assertj.core.api.Assertions.assertThat(imports.getOrDefault("api", 0))
        .as("scylla-cli's import lines by module: %s; the CLI goes through scylla-api", imports)
        .isGreaterThanOrEqualTo(libraries);
  }

  @Test
  void onlyRunnerContainer_putsAContainerSpecTogether() {
    noClasses()
        .that()
        .resideInAnyPackage(API + "..", CLI + "..")
        .and()
        .doNotHaveFullyQualifiedName(API + ".internal.RunnerContainer")
        .and()
        .doNotHaveFullyQualifiedName(API + ".internal.RunnerContainer$Builder")
        .should()
        .callMethod("dev.scylla.docker.ContainerSpec", "builder", "java.lang.String")
        .orShould()
        .callMethod("dev.scylla.docker.ContainerSpec", "toBuilder")
        .because("run, shell and probe containers get their spec from RunnerContainer")
        .check(classes);
  }

  private static boolean uses(String from, String to) {
    return classes.stream()
        .filter(c -> c.getPackageName().startsWith(from))
        .anyMatch(
            c ->
                c.getDirectDependenciesFromSelf().stream()
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith(to)));
  }

  @Test
  void dockerJava_isUsedOnlyByTheDockerModulesInternalPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOCKER + ".internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .because("the docker-java implementation is the only place that knows docker-java")
        .check(classes);
  }

  /** Tests are left out: scylla-api's test jar is imported too, and reads YAML with fabric8. */
  @Test
  void fabric8_isUsedOnlyByTheKubernetesModulesInternalPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(KUBERNETES + ".internal..")
        .and()
        .haveSimpleNameNotEndingWith("Test")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8..")
        .because("the fabric8 objects are built in one place, behind plain values")
        .check(classes);
  }

  /**
   * scylla-api reaches scylla-kubernetes (an optional dependency) through the pod builder and the
   * coordinator, which only the Kubernetes target uses: the other targets never load them, nor
   * fabric8.
   */
  @Test
  void scyllaKubernetes_isUsedOnlyByTheKubernetesTargetsPodsAndCoordinator() {
    noClasses()
        .that()
        .resideOutsideOfPackage(KUBERNETES + "..")
        .and()
        .haveNameNotMatching(
            API.replace(".", "\\.")
                + "\\.internal\\.(RunPods|PodCoordinator|PodExperiment)(\\$.*)?")
        .and()
        .haveSimpleNameNotEndingWith("Test")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(KUBERNETES + "..")
        .because("fabric8 is loaded only for the Kubernetes target")
        .check(classes);
  }

  @Test
  void libraries_logThroughSlf4jOnly() {
    noClasses()
        .that()
        .resideInAnyPackage(
            CORE + "..", DOCKER + "..", CREDENTIALS + "..", KUBERNETES + "..", API + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ch.qos.logback..", "picocli..")
        .because("an embedder chooses the logging backend; only scylla-cli ships one")
        .check(classes);
  }

  @Test
  void publicApisOfTheLibraries_useNoImplementationTypes() {
    classes()
        .that()
        .resideInAnyPackage(
            CORE + "..", DOCKER + "..", CREDENTIALS + "..", KUBERNETES + "..", API + "..")
        .and()
        .resideOutsideOfPackage("..internal..")
        .and()
        .arePublic()
        .should(exposeOnlyApiTypes())
        .check(classes);
  }

  /** Public and protected signatures (and supertypes) name no internal or library types. */
  private static ArchCondition<JavaClass> exposeOnlyApiTypes() {
    return new ArchCondition<>("expose only JDK and Scylla API types in public signatures") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        Set<String> offending = new TreeSet<>();
        type.getRawSuperclass().ifPresent(s -> collect(type.getName(), s, offending));
        type.getRawInterfaces().forEach(i -> collect(type.getName(), i, offending));
        for (JavaMember member : type.getMembers()) {
          if (!exposed(member)) {
            continue;
          }
          String where = type.getSimpleName() + "." + member.getName();
          if (member instanceof JavaField field) {
            field.getType().getAllInvolvedRawTypes().forEach(t -> collect(where, t, offending));
          } else if (member instanceof JavaCodeUnit code) {
            code.getReturnType()
                .getAllInvolvedRawTypes()
                .forEach(t -> collect(where, t, offending));
            code.getParameterTypes()
                .forEach(
                    p -> p.getAllInvolvedRawTypes().forEach(t -> collect(where, t, offending)));
          }
        }
        for (String o : offending) {
          events.add(SimpleConditionEvent.violated(type, o));
        }
      }
    };
  }

  private static boolean exposed(JavaMember member) {
    Set<JavaModifier> m = member.getModifiers();
    return (m.contains(JavaModifier.PUBLIC) || m.contains(JavaModifier.PROTECTED))
        && !m.contains(JavaModifier.SYNTHETIC)
        && !m.contains(JavaModifier.BRIDGE);
  }

  private static void collect(String where, JavaClass type, Set<String> offending) {
    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
    String name = base.getName();
    boolean internal =
        name.startsWith("dev.scylla.") && base.getPackageName().contains(".internal");
    boolean library = IMPLEMENTATION_PACKAGES.stream().anyMatch(p -> name.startsWith(p + "."));
    if (internal || library) {
      offending.add(where + " exposes " + name);
    }
  }
}
