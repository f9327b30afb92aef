package dev.scylla.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging set-up, found by Logback through its {@code Configurator} service: one stderr
 * appender with the pattern below, the root level from {@value #LEVEL_PROPERTY} (default WARN).
 * Written in Java rather than as a {@code logback.xml}: reading XML (the JDK's parser, Logback's
 * Joran model) was a tenth of the CLI's start. A {@code -Dlogback.configurationFile} still wins:
 * with it set, this set-up steps aside.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  /** The system property (or environment variable) that sets the root level. */
  public static final String LEVEL_PROPERTY = "scylla.log.level";

  /** The layout of a log line. */
  public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  /** Called through Logback's service loader. */
  public LogSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel());
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** {@value #LEVEL_PROPERTY} as a system property, else as a variable, else WARN. */
  static Level rootLevel() {
    String level = System.getProperty(LEVEL_PROPERTY);
    if (level == null) {
      level = System.getenv(LEVEL_PROPERTY);
    }
    return Level.toLevel(level, Level.WARN);
  }
}
