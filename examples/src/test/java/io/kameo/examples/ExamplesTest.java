package io.kameo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.examples.actors.ReadyMadeActorsExample;
import io.kameo.examples.backpressure.BackpressureExample;
import io.kameo.examples.counter.CounterExample;
import io.kameo.examples.links.LinksExample;
import io.kameo.examples.pipeline.PipelineExample;
import io.kameo.examples.remote.RemoteCounterExample;
import io.kameo.examples.supervision.SupervisionExample;
import io.kameo.examples.timer.PeriodicJobExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every example runs, prints what the README and the guide say it prints, and ends cleanly. */
class ExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void counter_counts_a_tell_and_an_ask() {
    assertEquals(42, CounterExample.run(out));
    assertEquals("count = 42\nstopped: Normal\n", output().replace("\r", ""));
  }

  @Test
  void remote_counter_is_asked_across_two_nodes() {
    assertEquals(42, RemoteCounterExample.run(out));
    assertEquals("count = 42 (asked on node 1 from node 2)\n", output().replace("\r", ""));
  }

  @Test
  void pipeline_forwards_and_replies_directly() {
    assertEquals(5, PipelineExample.run(out));
    assertTrue(output().contains("tokens = [one, two, three]"), output());
  }

  @Test
  void backpressure_blocks_refuses_and_times_out() throws Exception {
    assertEquals(4 + 100, BackpressureExample.run(out));
    assertTrue(output().contains("mailbox full after 4 jobs"), output());
    assertTrue(output().contains("message handed back: Job[id=-1]"), output());
  }

  @Test
  void links_report_a_failure_to_the_watcher() {
    String seen = LinksExample.run(out);
    assertTrue(seen.contains("panicked in HANDLER"), seen);
    assertTrue(seen.contains("ArithmeticException"), seen);
    assertTrue(output().contains("watcher alive: true"), output());
  }

  @Test
  void supervision_tree_survives_injected_failures() {
    int sum = SupervisionExample.run(out);
    assertEquals(2 * (29 * 30 / 2), sum); // every job done once, the poisoned ones on retry
    assertEquals(
        "jobs done: 30, sum = 870, retried after a restart: 3\n"
            + "worker starts: 6, same workers: true\n"
            + "pool restarted by the root: same pool: true, new workers: true\n"
            + "job on a new worker: 42\n"
            + "tree stopped: Normal, pool: Normal\n",
        output().replace("\r", ""));
  }

  @Test
  void the_ready_made_actors_price_route_broadcast_and_queue_orders() {
    assertEquals(165, ReadyMadeActorsExample.run(out));
    assertEquals(
        "priced 10 orders through a pool of 4: total 165\n"
            + "billing saw [placed #1, placed #2]\n"
            + "audit saw [placed #1, placed #2, shipped #1]\n"
            + "alerts saw [placed #100]\n"
            + "the bus delivered the refund to 1, the string to 0\n"
            + "shippers took 2 and 2 jobs\n"
            + "refused: queue 'shipping' already exists\n",
        output().replace("\r", ""));
  }

  @Test
  void a_periodic_job_runs_at_its_rate_and_its_timers_end_with_the_actor() {
    assertEquals(3, PeriodicJobExample.run(out));
    assertEquals(
        "compacted 3 times, then stopped: Normal\ntimers still active: false\n",
        output().replace("\r", ""));
  }
}
