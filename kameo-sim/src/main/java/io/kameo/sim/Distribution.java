package io.kameo.sim;

import java.util.Arrays;

/** A growing list of non-negative integer samples with exact percentiles. Not thread-safe. */
final class Distribution {
  private int[] values = new int[1024];
  private int size;
  private long sum;
  private boolean sorted = true;

  /** Adds one sample. */
  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
    sum += value;
    sorted = false;
  }

  /** Returns the number of samples. */
  int count() {
    return size;
  }

  /** Returns the mean, or 0 without samples. */
  double mean() {
    return size == 0 ? 0 : (double) sum / size;
  }

  /** Returns the smallest sample at or above fraction {@code q} of them (nearest rank), or 0. */
  int percentile(double q) {
    if (size == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
    int rank = (int) Math.ceil(q * size);
    return values[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  /** Returns the largest sample, or 0. */
  int max() {
    return percentile(1.0);
  }
}
