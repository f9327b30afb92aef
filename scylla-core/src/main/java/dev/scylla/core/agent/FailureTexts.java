package dev.scylla.core.agent;

import java.util.regex.Pattern;

/**
 * Reads why an agent or judge call failed from the words the Claude Code CLI uses in its {@code
 * result} text (and on stderr): login failures, rate and usage limits, an overloaded or failing
 * API, and an API that could not be reached or did not answer in time. Adapters use it when the
 * CLI's own fields ({@code api_error_status}) say nothing, and the engine for outcomes that carry
 * no kind.
 *
 * <p>The texts are those of Claude Code 2.1.332, kept as real samples in the tests ({@code
 * cli-failures/}): {@code API Error: Connection refused — a firewall or proxy may be blocking it
 * (ECONNREFUSED)}, {@code API Error: Connection dropped (ECONNRESET) ...}, {@code API Error: Can't
 * reach the API server — check your internet or DNS (EAI_AGAIN)}, {@code Request timed out. ...},
 * {@code API Error: 529 ...}, {@code API Error: Request rejected (429) ...}.
 */
public final class FailureTexts {

  private static final Pattern AUTH =
      Pattern.compile(
          "not logged in|oauth token has expired|invalid_grant|\\b401\\b|\\b403\\b|"
              + "invalid api key|authentication_error|failed to authenticate|please run /login",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE =
      Pattern.compile(
          "\\b429\\b|rate[ _-]?limit|limiting requests|hit your limit|usage limit"
              + "|(?:5-hour|weekly|session|daily|opus|sonnet) limit reached"
              + "|resets\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OVERLOADED =
      Pattern.compile("\\b529\\b|overloaded", Pattern.CASE_INSENSITIVE);
  private static final Pattern SERVER =
      Pattern.compile(
          "api error: 5\\d\\d|\\b50[0234] |server-side issue|internal server error"
              + "|bad gateway|service unavailable|gateway timeout",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CONNECTION =
      Pattern.compile(
          "ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|EPIPE"
              + "|connection refused|connection dropped|connection error|connection reset"
              + "|can't reach the api|cannot reach the api|unable to connect|socket hang up"
              + "|getaddrinfo|fetch failed|network error|certificate|\\bTLS\\b|\\bSSL\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TIMEOUT =
      Pattern.compile(
          "request timed out|ETIMEDOUT|timed out waiting|connection timed out|API_TIMEOUT_MS",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern API_FRAME =
      Pattern.compile(
          "api error|request timed out|unable to connect to api", Pattern.CASE_INSENSITIVE);

  private FailureTexts() {}

  /**
   * The kind a failed call's text names, or {@code null} when it names none. A login failure wins
   * over a limit, a limit over an overloaded or failing API. Connection and timeout words count
   * only in the CLI's framing of an API failure ({@code API Error: ...}, {@code Request timed
   * out}), so an agent that failed while writing about certificates is not taken for a network
   * fault.
   */
  public static FailureKind classify(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (AUTH.matcher(text).find()) {
      return FailureKind.AUTH;
    }
    if (RATE.matcher(text).find()) {
      return FailureKind.RATE_LIMIT;
    }
    if (OVERLOADED.matcher(text).find()) {
      return FailureKind.OVERLOADED;
    }
    if (SERVER.matcher(text).find()) {
      return FailureKind.SERVER_ERROR;
    }
    if (API_FRAME.matcher(text).find()) {
      if (TIMEOUT.matcher(text).find()) {
        return FailureKind.API_TIMEOUT;
      }
      if (CONNECTION.matcher(text).find()) {
        return FailureKind.CONNECTION;
      }
    }
    return null;
  }
}
