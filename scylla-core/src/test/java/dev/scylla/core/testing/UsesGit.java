package dev.scylla.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that needs the {@code git} executable on the PATH (task repositories, worktrees,
 * diffs): JUnit tag {@code git}, so a machine without it can leave these out with {@code
 * -DexcludedGroups=git}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("git")
public @interface UsesGit {}
