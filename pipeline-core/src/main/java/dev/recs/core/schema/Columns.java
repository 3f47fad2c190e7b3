package dev.recs.core.schema;

/**
 * Column names of the contract's tables, as spelled in {@code schemas/*.avsc}. Code refers to
 * columns only through these constants; {@link TableSchemasTest} checks they match the files.
 */
public final class Columns {
  public static final String ITEM_ID = "item_id";
  public static final String TITLE = "title";
  public static final String DESCRIPTION = "description";
  public static final String CATEGORIES = "categories";
  public static final String TAGS = "tags";
  public static final String UPDATED_AT = "updated_at";

  public static final String USER_ID = "user_id";
  public static final String EVENT_TYPE = "event_type";
  public static final String VALUE = "value";
  public static final String TS = "ts";

  public static final String EMBEDDING = "embedding";
  public static final String MODEL_VERSION = "model_version";
  public static final String RANK = "rank";
  public static final String SIMILAR_ITEM_ID = "similar_item_id";
  public static final String SCORE = "score";
  public static final String REASON_ITEM_ID = "reason_item_id";
  public static final String SOURCE = "source";
  public static final String EXPLANATION = "explanation";

  public static final String RECORD = "record";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";

  public static final String MODEL = "model";
  public static final String SEGMENT = "segment";
  public static final String METRIC = "metric";
  public static final String K = "k";

  /** Internal: the assembled item feature vector produced by the feature stage. */
  public static final String FEATURES = "features";

  private Columns() {}
}
