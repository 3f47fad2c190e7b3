package dev.recs.core.eval;

import static dev.recs.core.eval.EvalFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.config.EvalParams;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {
  private final TemporalSplit split = new TemporalSplit(EvalParams.defaults());

  private static List<String> pairs(org.apache.spark.sql.Dataset<Row> d) {
    return d.orderBy("user_id", "item_id").collectAsList().stream().map(r -> r.getString(0) + r.getString(1)).toList();
  }

  @Test
  void holdsOutTheLatestFifthOfEachUsersEventsAtLeastOne() {
    TemporalSplit.Split s = split.apply(events(
        "u 1 10", "u 2 20", "u 3 30", "u 4 40", "u 5 50", "u 6 60", "u 7 70", "u 8 80", "u 9 90", "u 10 100",
        "v 1 10", "v 2 20"));

    assertThat(pairs(s.test())).containsExactly("u10", "u9", "v2");
    assertThat(s.train().count()).isEqualTo(9);
  }

  @Test
  void ordersTiesOnTimestampByNumericItemId() {
    // 9 < 10 as numbers but "10" < "9" as strings: the numeric order puts 10 last, so it is test
    TemporalSplit.Split s = split.apply(events("u 10 5", "u 9 5", "u 1 1", "u 2 2", "u 3 3"));

    assertThat(pairs(s.test())).containsExactly("u10");
  }

  @Test
  void globalCutoffPutsEveryLaterEventInTest() {
    EvalParams d = EvalParams.defaults();
    TemporalSplit byCutoff = new TemporalSplit(new EvalParams(true, 0.2, "1970-01-01T00:00:50Z", d.ks(),
        d.knnNeighbours(), d.alsRank(), d.alsIterations(), d.alsRegParam(), d.alsAlpha(), d.historySegments(), d.maxTestUsers(),
        d.nightlyShare(), d.models(), d.itemColdStart(), d.protocols(), d.randomTestShare()));

    TemporalSplit.Split s = byCutoff.apply(events("u 1 10", "u 2 60", "v 3 50", "v 4 20"));

    assertThat(pairs(s.test())).containsExactly("u2", "v3");
  }
}
