package io.kameo.remote.internal.actor;

import static io.kameo.remote.internal.actor.StreamPair.T;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.StreamResetException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The frame writer on a real stream: order per thread, the bound on what it queues for a peer that
 * does not read, one failure report when the stream breaks.
 */
class FrameWriterTest {
  private StreamPair pair;
  private final List<RemoteException> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  private FrameWriter writer(int maxQueued) throws InterruptedException {
    pair = new StreamPair();
    return FrameWriter.start(pair.out, "test-writer", maxQueued, failures::add);
  }

  private static byte[] frame(int thread, int seq, int size) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(8, size));
    b.putInt(thread).putInt(seq);
    return b.array();
  }

  @Test
  void frames_queued_from_many_threads_arrive_whole_and_each_threads_in_order() throws Exception {
    FrameWriter writer = writer(FrameWriter.MAX_QUEUED_BYTES);
    int threads = 8;
    int each = 3_000;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      senders.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int seq = 0; seq < each; seq++) {
                      writer.queue(frame(thread, seq, 8 + (seq % 5) * 700), T);
                    }
                  }));
    }
    FrameReader reader = new FrameReader(pair.in);
    int[] next = new int[threads];
    for (int i = 0; i < threads * each; i++) {
      ByteBuffer body = ByteBuffer.wrap(reader.next(T, 1 << 20, 64).body());
      int thread = body.getInt();
      int seq = body.getInt();
      assertEquals(next[thread]++, seq, "frame of thread " + thread);
    }
    for (Thread t : senders) {
      t.join();
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void a_peer_that_reads_nothing_holds_at_most_the_bound_then_gets_all_in_order() throws Exception {
    int bound = 1 << 20;
    FrameWriter writer = writer(bound);
    int size = 32 << 10;
    int queued = 0;
    // the peer reads nothing: the stream's window and buffers fill, then the writer's bound
    while (true) {
      try {
        writer.queue(frame(0, queued, size), Duration.ofMillis(200));
        queued++;
      } catch (RemoteTimeoutException full) {
        break;
      }
      assertTrue(queued < 4_096, "no bound: " + queued + " frames of " + size + " bytes queued");
    }
    assertTrue(
        (long) queued * size >= bound, "pipelined no more than " + queued + " frames before full");
    FrameReader reader = new FrameReader(pair.in);
    for (int seq = 0; seq < queued; seq++) {
      byte[] body = reader.next(T, 1 << 20, 64).body();
      assertArrayEquals(frame(0, seq, size), body);
    }
    // room again once the peer read: the writer goes on
    writer.queue(frame(0, queued, 8), T);
    assertArrayEquals(frame(0, queued, 8), reader.next(T, 1 << 20, 64).body());
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void a_reset_stream_is_reported_once_and_later_frames_are_refused() throws Exception {
    FrameWriter writer = writer(FrameWriter.MAX_QUEUED_BYTES);
    writer.queue(frame(0, 0, 8), T);
    FrameReader reader = new FrameReader(pair.in);
    assertEquals(0, ByteBuffer.wrap(reader.next(T, 1 << 20, 64).body()).getInt(4));
    pair.in.reset();
    AtomicInteger sent = new AtomicInteger();
    await()
        .atMost(T)
        .until(
            () -> {
              try {
                writer.queue(frame(0, sent.incrementAndGet(), 8), T);
                return false;
              } catch (StreamResetException refused) {
                return true;
              }
            });
    assertEquals(1, failures.size(), failures.toString());
    assertThrows(StreamResetException.class, () -> writer.queue(frame(0, 0, 8), T));
  }

  @Test
  void a_closed_writer_refuses_frames_and_the_queued_ones_still_arrive() throws Exception {
    FrameWriter writer = writer(FrameWriter.MAX_QUEUED_BYTES);
    writer.queue(frame(0, 0, 8), T);
    writer.close();
    assertThrows(StreamResetException.class, () -> writer.queue(frame(0, 1, 8), T));
    byte[] body = new FrameReader(pair.in).next(T, 1 << 20, 64).body();
    assertArrayEquals(Arrays.copyOf(frame(0, 0, 8), 8), body);
  }
}
