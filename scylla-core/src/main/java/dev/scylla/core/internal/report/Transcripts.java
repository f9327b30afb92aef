package dev.scylla.core.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.scylla.core.internal.ScyllaJson;
import java.io.IOException;

/**
 * Renders an agent's {@code transcript.jsonl} (Claude Code's stream-json events, one a line) as a
 * readable conversation in HTML: the session's start, each assistant text and tool call, each tool
 * result, and the final result. Every piece of text is escaped; a line that is not JSON is shown as
 * it is.
 */
final class Transcripts {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private Transcripts() {}

  /** The HTML of a transcript's text, and how many events it held. */
  record Rendered(String html, int events) {}

  static Rendered render(String jsonl) {
    StringBuilder html = new StringBuilder("<ol class=\"conversation\">");
    int events = 0;
    for (String line : jsonl.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      events++;
      JsonNode e;
      try {
        e = ScyllaJson.mapper().readTree(line);
      } catch (IOException ex) {
        html.append(item("raw", "unreadable line", pre(line)));
        continue;
      }
      html.append(event(e));
    }
    return new Rendered(html.append("</ol>").toString(), events);
  }

  private static String event(JsonNode e) {
    String type = e.path("type").asText("");
    switch (type) {
      case "system":
        return item(
            "system",
            "session " + e.path("subtype").asText(""),
            "<p>model "
                + esc(e.path("model").asText("?"))
                + ", cwd "
                + esc(e.path("cwd").asText("?"))
                + ", "
                + e.path("tools").size()
                + " tools, permission mode "
                + esc(e.path("permissionMode").asText("?"))
                + "</p>");
      case "assistant":
      case "user":
        StringBuilder body = new StringBuilder();
        JsonNode content = e.path("message").path("content");
        if (content.isTextual()) {
          body.append(pre(content.asText()));
        }
        for (JsonNode block : content) {
          body.append(block(block));
        }
        String who = e.path("parent_tool_use_id").isTextual() ? type + " (sub-agent)" : type;
        return item(type, who, body.toString());
      case "result":
        return item(
            "result",
            "result: "
                + e.path("subtype").asText("")
                + (e.path("is_error").asBoolean() ? ", error" : ""),
            "<p>"
                + e.path("num_turns").asInt()
                + " turns, total_cost_usd "
                + esc(e.path("total_cost_usd").asText("?"))
                + "</p>"
                + pre(e.path("result").asText("")));
      default:
        return item("other", type.isEmpty() ? "event" : type, pre(e.toString()));
    }
  }

  private static String block(JsonNode b) {
    String type = b.path("type").asText("");
    switch (type) {
      case "text":
        return pre(b.path("text").asText(""));
      case "thinking":
        return "<details class=\"thinking\"><summary>thinking</summary>"
            + pre(b.path("thinking").asText(""))
            + "</details>";
      case "tool_use":
        return "<div class=\"tool-use\"><b>tool call: "
            + esc(b.path("name").asText("?"))
            + "</b>"
            + pre(pretty(b.path("input")))
            + "</div>";
      case "tool_result":
        StringBuilder text = new StringBuilder();
        JsonNode c = b.path("content");
        if (c.isTextual()) {
          text.append(c.asText());
        } else {
          for (JsonNode part : c) {
            text.append(part.path("text").asText(part.toString())).append('\n');
          }
        }
        return "<div class=\"tool-result"
            + (b.path("is_error").asBoolean() ? " error" : "")
            + "\"><b>tool result"
            + (b.path("is_error").asBoolean() ? " (error)" : "")
            + "</b>"
            + pre(text.toString())
            + "</div>";
      default:
        return pre(b.toString());
    }
  }

  private static String pretty(JsonNode n) {
    try {
      return ScyllaJson.mapper().writeValueAsString(n);
    } catch (IOException e) {
      return n.toString();
    }
  }

  private static String item(String cls, String title, String body) {
    return "<li class=\"ev "
        + cls
        + "\"><div class=\"who\">"
        + esc(title)
        + "</div>"
        + body
        + "</li>";
  }

  private static String pre(String s) {
    return "<pre>" + esc(s) + "</pre>";
  }

  private static String esc(String s) {
    return HTML.escape(s);
  }
}
