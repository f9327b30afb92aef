package dev.scylla.core.internal.workspace;

import java.util.List;
import java.util.Map;

/**
 * JSON text laid out as Python's {@code json.dump(value, f, indent=2)} lays it out (ProjectScylla
 * writes a workspace's {@code .claude/settings.json} so): two spaces a level, {@code ", "} never at
 * a line end, {@code ": "} after keys, non-ASCII characters escaped, no final line break. Maps,
 * lists, strings, booleans, numbers and null.
 */
final class PythonJson {
  private PythonJson() {}

  /** The text of {@code value}. */
  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, 0, sb);
    return sb.toString();
  }

  private static void write(Object value, int depth, StringBuilder sb) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ",");
        newline(depth + 1, sb);
        string(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        write(e.getValue(), depth + 1, sb);
        first = false;
      }
      newline(depth, sb);
      sb.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        newline(depth + 1, sb);
        write(list.get(i), depth + 1, sb);
      }
      newline(depth, sb);
      sb.append(']');
    } else if (value instanceof String s) {
      string(s, sb);
    } else if (value == null) {
      sb.append("null");
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      sb.append(value);
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
  }

  private static void newline(int depth, StringBuilder sb) {
    sb.append('\n').append("  ".repeat(depth));
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
