package dev.scylla.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test that needs a Python 3 interpreter ({@code /usr/bin/python3} or {@code python3} on
 * the PATH) for the automatic checks: JUnit tag {@code python3}, so a machine without it can leave
 * these out with {@code -DexcludedGroups=python3}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("python3")
public @interface UsesPython3 {}
