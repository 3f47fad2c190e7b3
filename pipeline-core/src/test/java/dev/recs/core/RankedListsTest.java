package dev.recs.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recs.core.RankedLists.Entry;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class RankedListsTest {
  private static final List<Entry> LIST =
      List.of(new Entry("a", 0.9), new Entry("b", 0.7), new Entry("c", 0.7000001), new Entry("d", 0.5));

  @Test
  void aSwapAmongScoresWithinTheToleranceAndABoundaryExchangeAreTheSameList() {
    List<Entry> swapped = List.of(new Entry("a", 0.9), new Entry("c", 0.7), new Entry("b", 0.7), new Entry("d", 0.5));
    List<Entry> boundary = List.of(new Entry("a", 0.9), new Entry("b", 0.7), new Entry("c", 0.7), new Entry("e", 0.500001));

    assertThatCode(() -> RankedLists.assertSameUpToNearTies("swap", swapped, LIST, 1e-5)).doesNotThrowAnyException();
    assertThatCode(() -> RankedLists.assertSameUpToNearTies("boundary", boundary, LIST, 1e-5)).doesNotThrowAnyException();
  }

  @Test
  void aSwapAcrossARealGapOrAMovedScoreIsADifferentList() {
    List<Entry> swapped = List.of(new Entry("b", 0.9), new Entry("a", 0.7), new Entry("c", 0.7), new Entry("d", 0.5));
    List<Entry> rescored = List.of(new Entry("a", 0.9), new Entry("b", 0.7), new Entry("c", 0.7), new Entry("d", 0.4));
    List<Entry> replaced = List.of(new Entry("a", 0.9), new Entry("e", 0.7), new Entry("c", 0.7), new Entry("d", 0.5));

    assertThatThrownBy(() -> RankedLists.assertSameUpToNearTies("swap", swapped, LIST, 1e-5)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> RankedLists.assertSameUpToNearTies("rescored", rescored, LIST, 1e-5)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> RankedLists.assertSameUpToNearTies("replaced", replaced, LIST, 1e-5)).isInstanceOf(AssertionError.class);
  }
}
