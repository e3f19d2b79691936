package io.kameo.benchmarks.remote.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every remote workload at a few hundred messages on each library, against a node in a second JVM:
 * every tell counted and every reply checked (a lost, repeated or reordered message fails the run),
 * every metric measured.
 */
class RemotePairSmokeTest {

  @ParameterizedTest
  @EnumSource(Library.class)
  void every_workload_completes_with_every_message_checked_and_every_metric_measured(
      Library library) throws Exception {
    List<Workload> all = Workload.all();
    List<Driver.Result> results = Driver.run(library, Workload.Scale.TINY, all);

    assertEquals(all.stream().mapToInt(w -> w.metrics().size()).sum(), results.size());
    for (Driver.Result result : results) {
      assertEquals(Workload.Scale.TINY.runs, result.values().length, result.line());
      for (double v : result.values()) {
        assertTrue(v > 0 && Double.isFinite(v), result.line());
      }
    }
  }
}
