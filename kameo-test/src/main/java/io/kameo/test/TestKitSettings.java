package io.kameo.test;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the test kit waits by default, and by how much it stretches every wait on a slow
 * machine.
 *
 * <p>Every duration the kit waits for, given here or passed to a method, is multiplied by {@link
 * #timeFactor()} first ({@link #dilated}). {@link #defaults()} reads the factor from the system
 * property {@value #TIME_FACTOR_PROPERTY}, so a slow CI run can stretch all waits at once ({@code
 * -Dkameo.test.timefactor=3}) without touching the tests.
 *
 * <pre>{@code
 * TestKitSettings settings =
 *     TestKitSettings.defaults().withExpectTimeout(Duration.ofSeconds(10));
 * }</pre>
 *
 * @param expectTimeout how long an expectation waits for a message or a stop by default
 * @param noMessageTimeout how long {@link TestProbe#expectNoMessage()} watches by default
 * @param stopTimeout how long the kit waits, when it closes, for its actors to stop
 * @param timeFactor what every wait is multiplied by, greater than zero
 */
public record TestKitSettings(
    Duration expectTimeout, Duration noMessageTimeout, Duration stopTimeout, double timeFactor) {

  /** The system property {@link #defaults()} reads the time factor from. */
  public static final String TIME_FACTOR_PROPERTY = "kameo.test.timefactor";

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a duration is not positive or the factor is not a positive
   *     finite number
   * @throws NullPointerException if a duration is null
   */
  public TestKitSettings {
    positive(expectTimeout, "expectTimeout");
    positive(noMessageTimeout, "noMessageTimeout");
    positive(stopTimeout, "stopTimeout");
    if (!(timeFactor > 0) || Double.isInfinite(timeFactor)) {
      throw new IllegalArgumentException(
          "timeFactor must be a positive finite number: " + timeFactor);
    }
  }

  /**
   * Returns the defaults: expectations wait 3 s, {@code expectNoMessage()} watches 100 ms, closing
   * waits 5 s for actors to stop, and the time factor is the system property {@value
   * #TIME_FACTOR_PROPERTY} (1 when it is not set).
   *
   * @throws IllegalArgumentException if the property is set but is not a positive number
   */
  public static TestKitSettings defaults() {
    return new TestKitSettings(
        Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(5), timeFactorProperty());
  }

  /** Returns these settings with {@code timeout} as the default wait of expectations. */
  public TestKitSettings withExpectTimeout(Duration timeout) {
    return new TestKitSettings(timeout, noMessageTimeout, stopTimeout, timeFactor);
  }

  /** Returns these settings with {@code timeout} as the default of {@code expectNoMessage()}. */
  public TestKitSettings withNoMessageTimeout(Duration timeout) {
    return new TestKitSettings(expectTimeout, timeout, stopTimeout, timeFactor);
  }

  /** Returns these settings with {@code timeout} as the wait for actors to stop on close. */
  public TestKitSettings withStopTimeout(Duration timeout) {
    return new TestKitSettings(expectTimeout, noMessageTimeout, timeout, timeFactor);
  }

  /** Returns these settings with {@code factor} as the time factor. */
  public TestKitSettings withTimeFactor(double factor) {
    return new TestKitSettings(expectTimeout, noMessageTimeout, stopTimeout, factor);
  }

  /**
   * Returns {@code duration} multiplied by the time factor (saturating at the longest duration).
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public Duration dilated(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    double nanos = (duration.getSeconds() * 1e9 + duration.getNano()) * timeFactor;
    return nanos >= Long.MAX_VALUE
        ? Duration.ofNanos(Long.MAX_VALUE)
        : Duration.ofNanos((long) nanos);
  }

  private static double timeFactorProperty() {
    String value = System.getProperty(TIME_FACTOR_PROPERTY);
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      double factor = Double.parseDouble(value.strip());
      if (factor > 0 && !Double.isInfinite(factor)) {
        return factor;
      }
    } catch (NumberFormatException e) {
      // reported below, with the property's name
    }
    throw new IllegalArgumentException(
        "system property " + TIME_FACTOR_PROPERTY + " must be a positive number: '" + value + "'");
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
