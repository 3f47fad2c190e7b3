package dev.recs.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void everyTableLoadsItsAvroSchemaFromTheClasspath() {
    for (Table t : Table.values()) {
      assertThat(t.avroSchema().getFields()).as(t.tableName()).isNotEmpty();
      assertThat(t.sparkSchema().fields()).hasSize(t.avroSchema().getFields().size());
    }
  }

  @Test
  void userRecommendationsHaveTheContractColumnsAndTypes() {
    StructType s = Table.USER_RECOMMENDATIONS.sparkSchema();
    assertThat(s.fieldNames())
        .containsExactly(
            "user_id", "rank", "item_id", "score", "reason_item_id", "source", "explanation");
    assertThat(s.apply("rank").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(s.apply("score").dataType()).isEqualTo(DataTypes.FloatType);
    assertThat(s.apply("reason_item_id").nullable()).isTrue();
    assertThat(s.apply("user_id").nullable()).isFalse();
  }

  @Test
  void avroUnionsWithNullBecomeNullableAndTimestampsBecomeTimestamps() {
    StructType catalog = Table.CATALOG.sparkSchema();
    assertThat(catalog.apply("updated_at").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(catalog.apply("updated_at").nullable()).isTrue();
    assertThat(catalog.apply("categories").dataType()).isInstanceOf(ArrayType.class);
    assertThat(Table.ITEM_EMBEDDINGS.sparkSchema().apply("embedding").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
  }

  @Test
  void everyColumnConstantNamesAColumnOfSomeTable() throws IllegalAccessException {
    Set<String> columns = new HashSet<>();
    for (Table t : Table.values()) {
      for (StructField f : t.sparkSchema().fields()) {
        columns.add(f.name());
      }
    }
    for (Field f : Columns.class.getFields()) {
      String name = (String) f.get(null);
      if (!name.equals(Columns.FEATURES)) {
        assertThat(columns).as(f.getName()).contains(name);
      }
    }
  }
}
