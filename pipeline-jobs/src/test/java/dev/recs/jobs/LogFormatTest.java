package dev.recs.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launcher's {@code log4j2.properties}: lines an operator can correlate, Spark's task failures visible. */
class LogFormatTest {
  private Configuration config;

  @BeforeEach
  void load() throws Exception {
    ConfigurationSource source = ConfigurationSource.fromUri(Main.class.getResource("/log4j2.properties").toURI());
    config = new PropertiesConfigurationFactory().getConfiguration(null, source);
    config.initialize();
  }

  @AfterEach
  void clearLabel() {
    System.clearProperty(RunRecord.LOG_LABEL);
  }

  private String format(String logger, String message) {
    LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(Level.INFO)
        .setMessage(new SimpleMessage(message)).setTimeMillis(1793498400000L).build();
    Layout<?> layout = config.getAppender("console").getLayout();
    return new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void everyLineCarriesTheDateAndTheRunsDateAndModelVersionAsTheyAreWhenItIsLogged() {
    System.setProperty(RunRecord.LOG_LABEL, "dt=2026-11-01");
    assertThat(format("dev.recs.core.run.NightlyRun", "ingest ..."))
        .isEqualTo("2026-11-01 02:00:00 INFO  [dt=2026-11-01] NightlyRun: ingest ...\n");
    System.setProperty(RunRecord.LOG_LABEL, "dt=2026-11-01 model 20261101-9b829725");
    assertThat(format("org.apache.spark.scheduler.TaskSetManager", "Lost task 1.0 in stage 3.0"))
        .isEqualTo("2026-11-01 02:00:00 INFO  [dt=2026-11-01 model 20261101-9b829725] TaskSetManager: Lost task 1.0 in stage 3.0\n");
  }

  @Test
  void sparksTaskFailuresAndRetriesAreLoggedAtWarn() {
    for (String logger : new String[] {"org.apache.spark.scheduler.TaskSetManager", "org.apache.spark.executor.Executor"}) {
      assertThat(config.getLoggerConfig(logger).getLevel()).as(logger).isEqualTo(Level.WARN);
    }
    assertThat(config.getLoggerConfig("dev.recs.core.run.NightlyRun").getLevel()).isEqualTo(Level.INFO);
  }
}
