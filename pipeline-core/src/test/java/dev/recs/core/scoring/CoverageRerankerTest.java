package dev.recs.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.recs.core.SharedSpark;
import dev.recs.core.config.CoverageParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("scores")
class CoverageRerankerTest {
  // every user's top two are a, b; deeper in the pools: c, which u1 scores far higher than u3,
  // d (only u2) and one item each at the pool's bottom
  private static Dataset<Row> pools() {
    Object[][] rows = {
      {"u1", 1, "a", 1.0}, {"u1", 2, "b", 0.9}, {"u1", 3, "c", 0.8}, {"u1", 4, "x", 0.0},
      {"u2", 1, "a", 1.0}, {"u2", 2, "b", 0.9}, {"u2", 3, "d", 0.3}, {"u2", 4, "y", 0.0},
      {"u3", 1, "a", 1.0}, {"u3", 2, "b", 0.9}, {"u3", 3, "c", 0.5}, {"u3", 4, "z", 0.0},
    };
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    StructType schema = new StructType()
        .add("user_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
        .add("item_id", DataTypes.StringType).add("score", DataTypes.DoubleType);
    return SharedSpark.session().createDataFrame(list, schema);
  }

  private static Map<String, List<String>> lists(Dataset<Row> ranked) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : ranked.orderBy("user_id", "rank").collectAsList()) {
      out.computeIfAbsent(r.getString(0), u -> new ArrayList<>()).add(r.getString(2));
    }
    return out;
  }

  private static CoverageReranker reranker(double target) {
    // top two per user, the first never swapped; a catalog of ten items
    return new CoverageReranker(new CoverageParams(true, target, 2, 4, 1, 1, 0, 0), 10);
  }

  @Test
  void makesTheCheapestSwapOfASharedItemForAnItemNoListHas() {
    // {a, b} cover 20%; 30% needs one swap: u1 giving b for c costs 0.25 standard deviations of
    // u1's pool scores, the cheapest (u2's b for d costs 1.4, u3's b for z 2.3; c goes to u1,
    // who scores it higher)
    Map<String, List<String>> lists = lists(reranker(0.3).rerank(pools(), lit(false), 3));

    assertThat(lists.get("u1")).containsExactly("a", "c", "b");
    assertThat(lists.get("u2")).containsExactly("a", "b", "d");
    assertThat(lists.get("u3")).containsExactly("a", "b", "c");
  }

  @Test
  void neverSwapsOutAPinnedExplorationSlotAndOffersItsItemToTheNextUserWhoCanSwap() {
    // u1's b is pinned, so u1 cannot swap and c goes to u3, who scores it next highest: u3's b
    // for c (1.0 standard deviation of u3's pool) is cheaper than u2's b for d (1.4)
    Map<String, List<String>> lists =
        lists(reranker(0.3).rerank(pools(), col("user_id").equalTo("u1").and(col("rank").equalTo(2)), 3));

    assertThat(lists.get("u1")).containsExactly("a", "b", "c");
    assertThat(lists.get("u2")).containsExactly("a", "b", "d");
    assertThat(lists.get("u3")).containsExactly("a", "c", "b");
  }

  @Test
  void keepsSwappingUntilTheTargetAndNeverTouchesTheProtectedHead() {
    Map<String, List<String>> lists = lists(reranker(0.5).rerank(pools(), lit(false), 2));

    // 50% = five items at top-2: a plus one item per user, b kept by none
    assertThat(lists.get("u1")).containsExactly("a", "c");
    assertThat(lists.get("u2")).containsExactly("a", "d");
    assertThat(lists.get("u3")).containsExactly("a", "b");
  }

  @Test
  void changesNothingWhenTheListsAlreadyCoverTheTarget() {
    Map<String, List<String>> lists = lists(reranker(0.2).rerank(pools(), lit(false), 4));

    assertThat(lists.get("u2")).containsExactly("a", "b", "d", "y");
    assertThat(lists.get("u3")).containsExactly("a", "b", "c", "z");
  }
}
