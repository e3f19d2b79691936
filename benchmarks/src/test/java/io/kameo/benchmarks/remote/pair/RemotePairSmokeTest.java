package io.kameo.benchmarks.remote.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every remote workload at a few hundred messages on Kameo and on Artery over TCP, against a node
 * in a second JVM: every tell counted and every reply checked (a lost, repeated or reordered
 * message fails the run), every metric measured. Artery over TLS, the same code with another
 * transport, runs one tell and one ask workload (each library's pair of JVMs takes seconds).
 */
class RemotePairSmokeTest {

  @ParameterizedTest
  @EnumSource(
      value = Library.class,
      names = {"KAMEO", "PEKKO_TCP"})
  void every_workload_completes_with_every_message_checked_and_every_metric_measured(
      Library library) throws Exception {
    checkRuns(library, Workload.all());
  }

  @Test
  void artery_over_tls_tells_and_asks_with_a_key_store_made_at_run_time() throws Exception {
    checkRuns(
        Library.PEKKO_TLS,
        List.of(Workload.named("remote-r2-tell-16x16"), Workload.named("remote-r3-ask")));
  }

  private static void checkRuns(Library library, List<Workload> all) throws Exception {
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
