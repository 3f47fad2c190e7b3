package dev.recs.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.CoverageParams;
import dev.recs.core.config.RankerParams;
import dev.recs.core.schema.Columns;
import dev.recs.core.scoring.CoverageReranker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class RankForCoverageTest {
  private static final int USERS = 10;
  private static final long CATALOG = 100;

  /**
   * Every user's pool as the hybrid ranks it for the swaps (with the coverage slots): twelve
   * popular items all users share, scored first; ten of their own further down; one long-tail
   * item of their own and one new item every user has, both scored last but closest in content
   * (the long-tail one closer: the tail slot takes new items too).
   */
  private static Dataset<Row> pools(RankerParams slots) {
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      List<Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        candidates.add(ListSlotsTest.candidate("p" + i, 1.0f - 0.01f * i, 100, 0.1f));
      }
      for (int j = 0; j < 10; j++) {
        candidates.add(ListSlotsTest.candidate("own" + u + "_" + j, 0.5f - 0.01f * j, 100, 0.1f));
      }
      candidates.add(ListSlotsTest.candidate("tail" + u, 0.05f, 3, 0.95f));
      candidates.add(ListSlotsTest.candidate("new", 0.01f, 0, 0.9f));
      int rank = 1;
      // every user long tail: each list has its new-item slots
      for (Candidate c : new ListSlots(slots, 100).select(candidates, 1f)) {
        rows.add(RowFactory.create("u" + u, rank++, c.item, c.score));
      }
    }
    StructType schema = new StructType()
        .add(Columns.USER_ID, DataTypes.StringType)
        .add(Columns.RANK, DataTypes.IntegerType)
        .add(Columns.ITEM_ID, DataTypes.StringType)
        .add(Columns.SCORE, DataTypes.FloatType);
    return SharedSpark.session().createDataFrame(rows, schema);
  }

  @Test
  void swapsSharedItemsForUnshownOnesButKeepsTheHeadAndTheNewAndLongTailSlots() {
    // 40% of a 100-item catalog in the first ten positions; the protected head is three long
    CoverageParams coverage = new CoverageParams(true, 0.4, 10, 100, 3, 6, 1, 1);
    RankerParams slots = RankerParams.defaults().withSlots(coverage.newSlots(), coverage.tailSlots());

    Map<String, List<String>> lists = new TreeMap<>();
    for (Row r : new CoverageReranker(coverage, CATALOG)
        .rerank(pools(slots), ListSlots.reserved(org.apache.spark.sql.functions.col(Columns.RANK), slots), 10)
        .orderBy(Columns.USER_ID, Columns.RANK)
        .select(Columns.USER_ID, Columns.ITEM_ID).collectAsList()) {
      lists.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r.getString(1));
    }

    // without swaps the lists hold p0..p7, the user's tail item and the new item: 19 items
    Set<String> shown = new HashSet<>();
    lists.values().forEach(shown::addAll);
    assertThat(shown.size()).isGreaterThanOrEqualTo(40);
    assertThat(lists).hasSize(USERS);
    lists.forEach((user, items) -> {
      assertThat(items).hasSize(10).doesNotHaveDuplicates();
      assertThat(items.subList(0, 3)).containsExactly("p0", "p1", "p2");
      assertThat(items).contains("new", "tail" + user.substring(1));
    });
  }
}
