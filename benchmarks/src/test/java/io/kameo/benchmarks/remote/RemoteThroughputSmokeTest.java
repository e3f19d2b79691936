package io.kameo.benchmarks.remote;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The remote benchmarks at a tiny size: every byte and every reply is checked. */
class RemoteThroughputSmokeTest {

  @Test
  void the_aead_floor_delivers_every_byte_of_a_transfer_that_ends_mid_frame() throws Exception {
    byte[] chunk = new byte[RemoteThroughput.WRITE];
    double mbPerSecond = AeadSocketFloor.run(3L * 65519 + 77, chunk);
    assertTrue(mbPerSecond > 0 && Double.isFinite(mbPerSecond), "MB/s " + mbPerSecond);
  }

  @Test
  void one_run_of_all_three_sides_completes() {
    assertDoesNotThrow(() -> RemoteThroughput.main(new String[] {"2", "1", "0"}));
  }

  @Test
  void remote_asks_run_sequentially_and_concurrently_with_every_reply_checked() {
    assertDoesNotThrow(() -> RemoteAskLatency.main(new String[] {"200", "4"}));
  }

  @Test
  void the_stream_churn_runs_against_a_node_in_its_own_jvm() {
    assertDoesNotThrow(() -> StreamChurn.main(new String[] {"2000", "1"}));
  }

  @Test
  void remote_tells_run_and_every_tell_is_counted_before_the_clock_stops() {
    assertDoesNotThrow(() -> RemoteTellThroughput.main(new String[] {"2000", "2"}));
  }
}
