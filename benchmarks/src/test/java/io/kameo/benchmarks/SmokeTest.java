package io.kameo.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.benchmarks.ActorLibrary.CounterRef;
import io.kameo.benchmarks.ActorLibrary.CounterSpec;
import io.kameo.benchmarks.ActorLibrary.MailboxKind;
import io.kameo.benchmarks.ActorLibrary.Tally;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every workload once, at tiny sizes, on every adapter; and the checks that make runs honest. */
class SmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED})
  void every_workload_runs_once_and_passes_its_own_checks(String adapter) {
    try (ActorLibrary library = ActorLibrary.create(adapter)) {
      assertEquals(adapter, library.name());
      for (Workload workload : Workload.all(Scale.TINY)) {
        double[] values = workload.run(library);
        assertEquals(workload.metrics().size(), values.length, workload.name());
        for (int i = 0; i < values.length; i++) {
          assertTrue(Double.isFinite(values[i]), workload.name() + " " + values[i]);
          if (workload.metrics().get(i).higherIsBetter()) {
            assertTrue(values[i] > 0, workload.name() + " " + values[i]);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC, ActorLibrary.PEKKO_TYPED})
  void a_counter_reports_ticks_out_of_order_and_the_check_fails_the_run(String adapter) {
    try (ActorLibrary library = ActorLibrary.create(adapter)) {
      CountDownLatch done = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      CounterRef counter =
          library.spawnCounter(new CounterSpec(MailboxKind.bounded(64), 1, 3, done, stopped));
      counter.tell(0, 1);
      counter.tell(0, 3);
      counter.tell(0, 2);
      Workload.await(done, "three ticks");
      assertEquals(new Tally(3, 2), counter.tally());
      assertThrows(IllegalStateException.class, () -> Workload.checkTally(counter, 3));
      counter.stop();
      Workload.await(stopped, "the counter to stop");
    }
  }

  @Test
  void a_row_prints_values_and_the_ratio_to_the_better_pekko() {
    Row rate = new Row("tell-1to1-unbounded", "msgs/s", true);
    rate.add(ActorLibrary.KAMEO, 30e6);
    rate.add(ActorLibrary.PEKKO_CLASSIC, 10e6);
    rate.add(ActorLibrary.PEKKO_TYPED, 15e6);
    assertEquals(
        "tell-1to1-unbounded msgs/s kameo=30.00M pekko-classic=10.00M pekko-typed=15.00M"
            + " ratio=2.00 (higher is better)",
        rate.line());
    assertEquals(true, Target.of(rate).orElseThrow().met(rate).orElseThrow());

    Row latency = new Row("ask-sequential", "p50-us", false);
    latency.add(ActorLibrary.KAMEO, 6.0);
    latency.add(ActorLibrary.PEKKO_CLASSIC, 10.0);
    latency.fail(ActorLibrary.PEKKO_TYPED);
    assertEquals(
        "ask-sequential p50-us kameo=6.00 pekko-classic=10.0 pekko-typed=FAIL ratio=0.60"
            + " (lower is better)",
        latency.line());
    assertEquals(false, Target.of(latency).orElseThrow().met(latency).orElseThrow());
  }

  @Test
  void a_warm_up_is_the_same_workload_at_a_fraction_of_the_size() {
    assertEquals("spawn-333333", Workload.warmupOf("spawn-1M", Scale.FULL).name());
    assertEquals(
        "tell-1to1-bounded64", Workload.warmupOf("tell-1to1-bounded64", Scale.FULL).name());
    // the many-pairs and fan-out workloads keep their actors; only the messages shrink
    assertEquals(
        "ping-pong-1000-pairs", Workload.warmupOf("ping-pong-1000-pairs", Scale.FULL).name());
    assertEquals("fan-out-10kx33", Workload.warmupOf("fan-out-10kx100", Scale.FULL).name());
    assertThrows(IllegalArgumentException.class, () -> Workload.warmupOf("nope", Scale.FULL));
  }

  @Test
  void the_chart_is_well_formed_svg() throws Exception {
    Row rate = new Row("fan-out-10k<x100>", "msgs/s", true);
    rate.add(ActorLibrary.KAMEO, 1e6);
    rate.add(ActorLibrary.PEKKO_TYPED, 2e6);
    String svg = SvgChart.render("title & more", "subtitle", List.of(rate));
    var document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", document.getDocumentElement().getTagName());
    assertTrue(svg.contains("2.00M"), svg);
  }
}
