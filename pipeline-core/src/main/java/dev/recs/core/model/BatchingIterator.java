package dev.recs.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Feeds a partition's rows to {@code process} in batches of up to {@code size} and streams the
 * results, so a partition never holds more than one batch of input and output. Batching is what
 * lets the network and the similarity kernel run as matrix multiplies instead of row by row.
 */
public final class BatchingIterator<I, O> implements Iterator<O> {
  private final Iterator<I> input;
  private final int size;
  private final Function<List<I>, List<O>> process;
  private Iterator<O> current = Collections.emptyIterator();

  public BatchingIterator(Iterator<I> input, int size, Function<List<I>, List<O>> process) {
    if (size <= 0) {
      throw new IllegalArgumentException("Invalid batch size: " + size);
    }
    this.input = input;
    this.size = size;
    this.process = process;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (!input.hasNext()) {
        return false;
      }
      List<I> batch = new ArrayList<>(size);
      while (input.hasNext() && batch.size() < size) {
        batch.add(input.next());
      }
      current = process.apply(batch).iterator();
    }
    return true;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
