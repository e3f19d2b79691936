package io.kameo.test.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** INTERNAL API: durations as the kit's failure messages print them ({@code 250ms}, {@code 3s}). */
public final class Durations {
  private Durations() {}

  /** Returns {@code d} in milliseconds below a second, else in seconds with up to 3 decimals. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + "ms";
    }
    String seconds = BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    return seconds + "s";
  }

  /**
   * Returns a wait of {@code requested} stretched by {@code factor} to {@code dilated}: {@code 3s},
   * or {@code 6s (3s x time factor 2)} when the factor is not 1.
   */
  public static String format(Duration requested, Duration dilated, double factor) {
    if (factor == 1) {
      return format(dilated);
    }
    String f = BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString();
    return format(dilated) + " (" + format(requested) + " x time factor " + f + ")";
  }
}
