package dev.scylla.core.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The automatic checks on the clean task commit, before any agent, in the four figures
 * ProjectScylla writes into {@code run_result.json} as {@code baseline_pipeline_summary}. A step
 * that was N/A counts as passed, as in ProjectScylla; {@code pipeline_baseline.json} in the
 * experiment folder holds every check with its output.
 *
 * @param allPassed whether every step passed or was N/A
 * @param buildPassed whether the build step (compilation, scripts) passed or was N/A
 * @param formatPassed whether the format step (linter, formatter) passed or was N/A
 * @param testPassed whether the tests passed or were N/A
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineSummary(
    boolean allPassed, boolean buildPassed, boolean formatPassed, boolean testPassed) {}
