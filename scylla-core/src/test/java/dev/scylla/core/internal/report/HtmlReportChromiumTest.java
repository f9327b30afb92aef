package dev.scylla.core.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.scylla.core.engine.ExperimentOutcome;
import dev.scylla.core.model.TierId;
import dev.scylla.core.report.ReportLoader;
import dev.scylla.core.results.ResultsLayout;
import dev.scylla.core.testing.TestFixtures;
import dev.scylla.core.testing.UsesGit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} of the offline example, loaded in a real headless Chromium (Debian's {@code
 * chromium}): the DOM after the script ran has one chart point per sub-test and the frontier, a
 * run's link opens its transcript, agent output stays text, and a screenshot is not blank. Skipped
 * without Chromium, except under {@code CI=true}, where it fails. With {@code
 * -Dscylla.screenshot=FILE} it also copies the screenshot there (docs/report-example.png).
 */
@Tag("chromium")
@UsesGit
class HtmlReportChromiumTest {
  private static final String HOSTILE = "</script><img src=x onerror=\"document.title='owned'\">";

  @TempDir static Path tmp;
  private static Path chromium;
  private static Path experiment;

  @BeforeAll
  static void runExampleAndWriteReport() throws Exception {
    chromium = findChromium();
    ExperimentOutcome outcome = TestFixtures.helloWorld(2, tmp.resolve("results")).build().run();
    experiment = outcome.experimentDir();
    // The scripted agent keeps no transcript: give run 1 of T0/00 one in Claude Code's
    // stream-json form, with text that would run script if it were not escaped.
    Path transcript = ResultsLayout.of(experiment).run(TierId.T0, "00", 1).agentTranscript();
    Files.writeString(
        transcript,
        String.join(
            "\n",
            "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/w\",\"tools\":[\"Bash\",\"Write\"],"
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"permissionMode\":\"bypassPermissions\"}",
            "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"I will"
                + " write hello.py "
                + HOSTILE.replace("\"", "\\\"")
                + "\"},{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Write\",\"input\":"
                + "{\"file_path\":\"/w/hello.py\",\"content\":\"print('Hello, World!')\"}}]}}",
            "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t1\",\"content\":\"File created\"}]}}",
            "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":2,"
                + "\"result\":\"Created hello.py\",\"total_cost_usd\":0.025}",
            ""));
    Files.writeString(
        ResultsLayout.of(experiment).reportHtml(), ReportLoader.load(experiment).html());
  }

  @Test
  void dom_hasOnePointPerSubTestTheFrontierAndTheBestMarks() throws Exception {
    String dom = dumpDom("");

    assertThat(dom).contains("data-charts=\"2\"");
    String all = figure(dom, "all");
    assertThat(count(all, "<circle[^>]*class=\"pt\"")).isEqualTo(2);
    assertThat(count(all, "class=\"pt\"[^>]*data-subtest=\"00\"")).isEqualTo(1);
    assertThat(count(all, "class=\"pt\"[^>]*data-subtest=\"01\"")).isEqualTo(1);
    // 00 is cheaper ($0.025) and better (0.92) than 01 ($0.04, 0.78): the frontier is 00 alone.
    assertThat(all).containsPattern("<path[^>]*class=\"frontier\"[^>]*data-points=\"1\"");
    assertThat(all).containsPattern("data-subtest=\"00\" data-frontier=\"true\"");
    assertThat(all).containsPattern("data-subtest=\"01\" data-frontier=\"false\"");
    assertThat(count(all, "class=\"ring best-tier\" data-tier=\"T0\" data-subtest=\"00\""))
        .isEqualTo(1);
    assertThat(count(all, "class=\"star best-overall\" data-tier=\"T0\" data-subtest=\"00\""))
        .isEqualTo(1);
    assertThat(count(figure(dom, "T0"), "<circle[^>]*class=\"pt\"")).isEqualTo(2);
  }

  @Test
  void runLink_opensTheRunAndItsTranscript_andAgentTextStaysText() throws Exception {
    String closed = dumpDom("");
    assertThat(closed).containsPattern("<details class=\"transcript\">");

    String dom = dumpDom("#run-T0-00-1");

    Matcher run =
        Pattern.compile(
                "<details class=\"run\" id=\"run-T0-00-1\" open=\"\">(.*?)</details>\\s*"
                    + "(?=<details class=\"run\"|</details>)",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(run.find()).as("run T0/00/1 is open").isTrue();
    assertThat(dom).containsPattern("<details class=\"subtest\" id=\"sub-T0-00\" open=\"\">");
    assertThat(dom)
        .contains("<details class=\"transcript\" open=\"\"><summary>Transcript (4 events)");
    assertThat(dom).contains("tool call: Write").contains("File created");
    assertThat(dom).contains("&lt;/script&gt;&lt;img src=x onerror=");
    assertThat(dom).doesNotContain("<img").doesNotContain("<title>owned");
  }

  @Test
  void screenshot_isNotBlank() throws Exception {
    Path png = tmp.resolve("report.png");

    Proc p = chromium("--screenshot=" + png, "--window-size=1280,1500", url(""));

    assertThat(p.exit).as(p.out).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        nonWhite += rgb == 0xffffff ? 0 : 1;
      }
    }
    assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
    assertThat(nonWhite)
        .as("non-white pixels")
        .isGreaterThan(image.getWidth() * image.getHeight() / 4 / 50);
    String copy = System.getProperty("scylla.screenshot");
    if (copy != null && !copy.isBlank()) {
      Files.copy(png, Path.of(copy), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String figure(String dom, String scope) {
    Matcher m =
        Pattern.compile(
                "<figure class=\"chart\" data-scope=\"" + scope + "\">(.*?)</figure>",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).as("chart " + scope).isTrue();
    return m.group(1);
  }

  private static int count(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String url(String fragment) {
    return ResultsLayout.of(experiment).reportHtml().toUri() + fragment;
  }

  private static String dumpDom(String fragment) throws Exception {
    Proc p = chromium("--dump-dom", url(fragment));
    assertThat(p.exit).as(p.out).isZero();
    return p.out;
  }

  private record Proc(int exit, String out) {}

  private static Proc chromium(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium.toString());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--user-data-dir=" + tmp.resolve("chromium-profile"),
            "--virtual-time-budget=3000"));
    cmd.addAll(List.of(args));
    Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    proc.getOutputStream().close();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      fail("chromium timed out");
    }
    return new Proc(proc.exitValue(), out);
  }

  private static Path findChromium() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    String why = "Chromium not found (Debian package chromium; .ci/run installs it as root)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + " (CI=true: this test must run)");
    }
    Assumptions.assumeTrue(false, why);
    return null;
  }
}
