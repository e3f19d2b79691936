package io.kameo.benchmarks.remote.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.benchmarks.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote rows compare Kameo with the better of Artery's two transports, and with TLS. */
class RemoteBenchLineTest {
  private static final List<String> COLUMNS = List.of("kameo", "pekko-tcp", "pekko-tls");

  @Test
  void a_throughput_ratio_divides_by_the_faster_transport_and_vs_tls_by_tls() {
    Row row = new Row("remote-r1-tell", "msgs/s", true, true, COLUMNS);
    row.add("kameo", 100e3).add("pekko-tcp", 400e3).add("pekko-tls", 200e3);

    String line = RemoteBench.line(row, COLUMNS);

    assertEquals(0.25, row.ratio(), 1e-9);
    assertTrue(line.contains(" ratio=0.25 vs-tls=0.50 (higher is better)"), line);
    assertTrue(line.contains("pekko-tls=200.0k"), line);
  }

  @Test
  void vs_tls_goes_beside_the_ratio_when_the_cells_show_their_ranges() {
    Row row = new Row("remote-r1-tell", "msgs/s", true, true, COLUMNS);
    row.add("kameo", 90e3, 100e3, 110e3).add("pekko-tcp", 400e3, 410e3);
    row.add("pekko-tls", 190e3, 200e3, 210e3);

    String line = RemoteBench.line(row, COLUMNS);

    assertTrue(
        line.startsWith("remote-r1-tell msgs/s kameo=100.0k (90.0k–110.0k) pekko-tcp="), line);
    assertTrue(line.endsWith(" vs-tls=0.50 (higher is better)"), line);
  }

  @Test
  void a_latency_ratio_divides_by_the_lower_transport() {
    Row row = new Row("remote-r3-ask", "p50-us", false, true, COLUMNS);
    row.add("kameo", 300).add("pekko-tcp", 150).add("pekko-tls", 200);

    assertEquals(2.0, row.ratio(), 1e-9);
    assertTrue(RemoteBench.line(row, COLUMNS).contains(" ratio=2.00 vs-tls=1.50 (lower"));
  }

  @Test
  void a_failed_transport_leaves_the_other_as_the_best() {
    Row row = new Row("remote-r3-ask", "asks/s", true, true, COLUMNS);
    row.add("kameo", 3000).add("pekko-tcp", 6000);
    row.fail("pekko-tls");

    String line = RemoteBench.line(row, COLUMNS);

    assertEquals(0.5, row.ratio(), 1e-9);
    assertTrue(line.contains("pekko-tls=FAIL") && line.contains("vs-tls=n/a"), line);
  }
}
