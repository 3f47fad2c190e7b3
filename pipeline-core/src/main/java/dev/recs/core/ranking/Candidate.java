package dev.recs.core.ranking;

/** One candidate: its features (in {@link CandidateFeatures#SCALARS} order) and where it came from. */
final class Candidate {
  private static final int COS_RECENT = CandidateFeatures.SCALARS.indexOf("cos_recent");

  final String item;
  /** Its positions in the sources, the embeddings and the EASE model, where known (-1: not known yet). */
  int sourcePosition = -1;
  int itemPosition = -1;
  int easePosition = -1;
  float[] features;
  String source;
  String reason;
  int itemUsers;
  float heuristic;
  float score;
  double knnScore;
  double knnMax;
  int knnCount;
  double knnRecent;
  boolean knn;
  boolean content;
  boolean popular;
  boolean fresh;
  boolean ease;

  Candidate(String item) {
    this.item = item;
  }

  float cosRecent() {
    return features[COS_RECENT];
  }
}
