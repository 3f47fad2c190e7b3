package dev.recs.core.ranking;

import java.util.Arrays;

/** Orders of a user's candidates by a score, as sorts of packed primitive keys. */
final class Order {
  private static final int INDEX_BITS = 21;

  private Order() {}

  /**
   * Positions of {@code values} from the largest down, ties by position; NaN last. The comparator
   * sorts of boxed scores they replace were a tenth of the list stage at 100k users.
   */
  static int[] descending(float[] values) {
    if (values.length >= 1 << INDEX_BITS) {
      throw new IllegalArgumentException("too many candidates for one list: " + values.length);
    }
    long[] keys = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToIntBits(values[i]);
      // ascending float order as signed ints, then flipped: smaller key = larger value
      long ascending = bits ^ ((bits >> 31) & 0x7fffffff);
      long descending = Float.isNaN(values[i]) ? 1L << 32 : (long) Integer.MAX_VALUE - ascending;
      keys[i] = descending << INDEX_BITS | i;
    }
    Arrays.sort(keys);
    int[] order = new int[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
    }
    return order;
  }
}
