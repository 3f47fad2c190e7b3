package dev.recs.core.model;

import java.io.PrintStream;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.listener.EarlyStoppingListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A one-line progress bar of training epochs on the terminal, redrawn in place: {@code encoder
 * [#####.....] epoch 5/30 score 1.47e-03}. Only when the JVM has a console; under cron, Airflow
 * or tests it prints nothing and the per-model log line after training is the record.
 */
public final class EpochProgress implements EarlyStoppingListener<MultiLayerNetwork> {
  private static final int WIDTH = 30;
  private final String model;
  private final int maxEpochs;
  private final PrintStream out;

  private EpochProgress(String model, int maxEpochs, PrintStream out) {
    this.model = model;
    this.maxEpochs = maxEpochs;
    this.out = out;
  }

  /** A bar on stderr when attached to a terminal, else a listener that does nothing. */
  public static EpochProgress forTerminal(String model, int maxEpochs) {
    return new EpochProgress(model, maxEpochs, System.console() != null ? System.err : null);
  }

  /** {@code trainer} with a terminal progress bar for {@code model} as its listener. */
  public static org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer attach(
      org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer trainer, String model, int maxEpochs) {
    trainer.setListener(forTerminal(model, maxEpochs));
    return trainer;
  }

  static String bar(String model, int epoch, int maxEpochs, double score) {
    int filled = (int) Math.round(WIDTH * Math.min(1.0, (double) epoch / Math.max(1, maxEpochs)));
    return String.format("%s [%s%s] epoch %d/%d score %.3e",
        model, "#".repeat(filled), ".".repeat(WIDTH - filled), epoch, maxEpochs, score);
  }

  @Override
  public void onStart(EarlyStoppingConfiguration<MultiLayerNetwork> config, MultiLayerNetwork net) {}

  @Override
  public void onEpoch(int epoch, double score, EarlyStoppingConfiguration<MultiLayerNetwork> config, MultiLayerNetwork net) {
    if (out != null) {
      out.print("\r" + bar(model, epoch + 1, maxEpochs, score));
      out.flush();
    }
  }

  @Override
  public void onCompletion(EarlyStoppingResult<MultiLayerNetwork> result) {
    if (out != null) {
      out.println();
    }
  }
}
