package dev.scylla.cli;

import dev.scylla.core.fixture.Fixture;
import dev.scylla.core.fixture.FixtureLoader;
import dev.scylla.core.fixture.FixtureProblem;
import dev.scylla.core.model.TierId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scylla validate}: loads and checks a fixture on the host, running nothing. */
@Command(
    mixinStandardHelpOptions = true,
    name = "validate",
    description = {
      "Check a test fixture without running anything: sub-tests per tier, and every problem found.",
      "Exits 2 when there is any problem."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin FixtureOptions fixture;

  @Override
  public Integer call() {
    Console console = Console.of(spec, global);
    Path dir = fixture.tiersDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UserInputException("--tiers-dir " + fixture.tiersDir + " is not a directory");
    }
    Optional<Path> shared =
        Optional.ofNullable(fixture.sharedDir).map(p -> p.toAbsolutePath().normalize());
    List<FixtureProblem> problems = FixtureLoader.validate(dir, shared);
    if (!problems.isEmpty()) {
      for (FixtureProblem problem : problems) {
        console.err().println(problem);
      }
      console
          .err()
          .println(
              problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + dir);
      console.err().flush();
      return ExitCodes.USAGE;
    }
    Fixture fixture = FixtureLoader.load(dir, shared);
    console.out().println(fixture.test().id() + ": " + fixture.test().name());
    for (TierId tier : TierId.values()) {
      int count = fixture.subTests(tier).size();
      if (count > 0) {
        console.out().printf("%s %-10s %3d sub-tests%n", tier, tier.displayName(), count);
      }
    }
    console.out().println("Total: " + fixture.subTestCount() + " sub-tests, no problems");
    console.out().flush();
    return ExitCodes.OK;
  }
}
