/**
 * Kameo Micrometer: {@link io.kameo.micrometer.KameoMetrics} reports Kameo's actors and remote
 * swarms to a Micrometer {@code MeterRegistry}. Without it (or before it is bound) Kameo does no
 * per-message work for metrics.
 */
module io.kameo.micrometer {
  requires transitive io.kameo.core;
  requires transitive micrometer.core;

  exports io.kameo.micrometer;
}
