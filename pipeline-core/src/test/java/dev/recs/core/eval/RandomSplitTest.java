package dev.recs.core.eval;

import static dev.recs.core.eval.EvalFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RandomSplitTest {
  private static Map<String, Long> testedPerItem(Dataset<Row> test) {
    return test.collectAsList().stream().collect(Collectors.groupingBy(r -> r.getString(1), Collectors.counting()));
  }

  private static void itemWithUsers(String item, int users, List<String> rows) {
    for (int u = 0; u < users; u++) {
      rows.add("u" + u + " " + item + " " + (u + 1));
    }
  }

  @Test
  void eachItemTestsAQuarterOfItsUsersAndAnItemWithOneUserStaysInTrain() {
    List<String> rows = new ArrayList<>();
    itemWithUsers("1", 8, rows);
    itemWithUsers("2", 4, rows);
    itemWithUsers("3", 1, rows);
    TemporalSplit.Split s = new RandomSplit(0.25, 7).apply(events(rows.toArray(String[]::new)));

    assertThat(testedPerItem(s.test())).containsExactlyInAnyOrderEntriesOf(Map.of("1", 2L, "2", 1L));
    assertThat(s.train().count() + s.test().count()).isEqualTo(13);
  }

  @Test
  void theSplitDependsOnTheSeedNotOnTheRun() {
    List<String> rows = new ArrayList<>();
    itemWithUsers("1", 40, rows);
    Dataset<Row> events = events(rows.toArray(String[]::new));
    List<Row> once = new RandomSplit(0.25, 7).apply(events).test().orderBy("user_id").collectAsList();
    List<Row> again = new RandomSplit(0.25, 7).apply(events.repartition(3)).test().orderBy("user_id").collectAsList();
    List<Row> otherSeed = new RandomSplit(0.25, 8).apply(events).test().orderBy("user_id").collectAsList();

    assertThat(once).hasSize(10).isEqualTo(again).isNotEqualTo(otherSeed);
  }

  @Test
  void everyEventOfAPairFallsOnTheSameSide() {
    List<String> rows = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      rows.add("u" + u + " 1 " + (u + 1));
      rows.add("u" + u + " 1 " + (u + 100));
    }
    TemporalSplit.Split s = new RandomSplit(0.25, 7).apply(events(rows.toArray(String[]::new)));

    assertThat(s.test().count()).isEqualTo(6);
    assertThat(s.test().select("user_id").distinct().join(s.train().select("user_id").distinct(), "user_id").count()).isZero();
  }
}
