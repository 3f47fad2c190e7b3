package dev.recs.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochProgressTest {
  @Test
  void theBarFillsWithTheShareOfEpochsDoneAndShowsTheScore() {
    assertThat(EpochProgress.bar("encoder", 15, 30, 1.47e-3))
        .isEqualTo("encoder [" + "#".repeat(15) + ".".repeat(15) + "] epoch 15/30 score 1.470e-03");
    assertThat(EpochProgress.bar("ranker", 40, 40, 0.5)).contains("#".repeat(30) + "]");
  }
}
