package io.kameo.remote;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of an {@link ActorSwarm}'s registry: how long a registration stays valid without being
 * renewed, how often a live one is renewed, and how often a {@linkplain ActorSwarm#watch watch}
 * looks again.
 *
 * <p>A registration names its expiry, {@code recordTtl} after it was signed, and is signed afresh
 * every {@code republishInterval} while its actor lives. So when a node dies without a word (kill
 * -9, power loss) its names are gone from every lookup at most {@code recordTtl} after its last
 * renewal, which is at most {@code recordTtl} after its death; a stopped actor's name, and one
 * {@linkplain ActorSwarm#unregister unregistered}, is withdrawn at once.
 *
 * @param recordTtl how long a signed registration stays valid (60 s; at most 24 h)
 * @param republishInterval how often live registrations are signed and stored again (20 s); less
 *     than {@code recordTtl}
 * @param watchInterval how often a watch looks the name up again (1 s)
 */
public record RegistryConfig(
    Duration recordTtl, Duration republishInterval, Duration watchInterval) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a duration is not positive, {@code recordTtl} is longer
   *     than 24 hours or {@code republishInterval} is not shorter than {@code recordTtl}
   */
  public RegistryConfig {
    requirePositive(recordTtl, "recordTtl");
    requirePositive(republishInterval, "republishInterval");
    requirePositive(watchInterval, "watchInterval");
    if (recordTtl.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("recordTtl must be at most 24 h: " + recordTtl);
    }
    if (republishInterval.compareTo(recordTtl) >= 0) {
      throw new IllegalArgumentException(
          "republishInterval must be shorter than recordTtl: "
              + republishInterval
              + " >= "
              + recordTtl);
    }
  }

  /** Returns the defaults: a 60 s record TTL, renewed every 20 s, watches every 1 s. */
  public static RegistryConfig defaults() {
    return new RegistryConfig(
        Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(1));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
