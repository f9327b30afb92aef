package dev.scylla.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogSetupTest {

  @Test
  void configure_givesTheRootOneStderrAppenderAtWarn() {
    LoggerContext context = new LoggerContext();

    Configurator.ExecutionStatus status = new LogSetup().configure(context);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(root.getLevel())
        .isEqualTo(
            System.getProperty(LogSetup.LEVEL_PROPERTY) == null
                    && System.getenv(LogSetup.LEVEL_PROPERTY) == null
                ? Level.WARN
                : LogSetup.rootLevel());
    ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(appender.isStarted()).isTrue();
    assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
        .isEqualTo(LogSetup.PATTERN);
  }

  @Test
  void pattern_isTimeLevelShortLoggerNameAndMessage() {
    LoggerContext context = new LoggerContext();
    new LogSetup().configure(context);
    Logger logger = context.getLogger("dev.scylla.docker.RunnerImage");
    ConsoleAppender<?> appender =
        (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    @SuppressWarnings("unchecked")
    ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
        (ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent>)
            appender.getEncoder();

    String line =
        new String(
            encoder.encode(
                new LoggingEvent(
                    Logger.class.getName(),
                    logger,
                    Level.WARN,
                    "image {} kept",
                    null,
                    new Object[] {"x"})),
            StandardCharsets.UTF_8);

    assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  RunnerImage - image x kept\\R");
  }

  @Test
  void logbackFindsIt_asItsConfiguratorService() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(LogSetup.class.getName());
  }
}
