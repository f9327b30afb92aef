package dev.scylla.credentials.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code .claude.json} that keeps Claude Code from showing its first-run wizard, the bypass
 * permissions warning and the folder trust prompt inside the container.
 */
public final class ClaudeJsonSeed {

  private ClaudeJsonSeed() {}

  /**
   * Returns {@code existing} (or an empty object when it is null or not a JSON object) with the
   * onboarding flags set and each workspace marked trusted; every other field is kept.
   */
  public static String merge(String existing, List<Path> trustedWorkspaces) {
    ObjectNode root = null;
    if (existing != null && !existing.isBlank()) {
      try {
        JsonNode node = Json.MAPPER.readTree(existing);
        if (node instanceof ObjectNode obj) {
          root = obj;
        }
      } catch (JsonProcessingException e) {
        // A damaged state file is replaced by a fresh seed: Claude Code would reset it anyway.
        root = null;
      }
    }
    if (root == null) {
      root = Json.MAPPER.createObjectNode();
    }
    root.put("hasCompletedOnboarding", true);
    root.put("bypassPermissionsModeAccepted", true);
    root.put("autoUpdates", false);
    JsonNode projectsNode = root.get("projects");
    ObjectNode projects = projectsNode instanceof ObjectNode obj ? obj : root.putObject("projects");
    for (Path ws : trustedWorkspaces) {
      String key = ws.toAbsolutePath().normalize().toString();
      JsonNode p = projects.get(key);
      ObjectNode project = p instanceof ObjectNode obj ? obj : projects.putObject(key);
      project.put("hasTrustDialogAccepted", true);
      project.put("hasCompletedProjectOnboarding", true);
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("serialising a JSON tree failed", e);
    }
  }
}
