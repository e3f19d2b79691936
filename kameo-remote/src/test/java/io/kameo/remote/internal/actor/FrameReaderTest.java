package io.kameo.remote.internal.actor;

import static io.kameo.remote.internal.actor.StreamPair.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.frames.StreamFrames;
import io.kameo.libp2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The buffered frame reader on a real stream: frames cut anywhere, oversized, silent, cut off. */
class FrameReaderTest {
  private StreamPair pair;

  @AfterEach
  void close() {
    if (pair != null) {
      pair.close();
    }
  }

  private FrameReader reader() throws InterruptedException {
    pair = new StreamPair();
    return new FrameReader(pair.in);
  }

  private static byte[] prefixed(byte[] body) {
    byte[] out = new byte[Varint.length(body.length) + body.length];
    System.arraycopy(body, 0, out, Varint.write(out, 0, body.length), body.length);
    return out;
  }

  @Test
  void frames_cut_at_any_byte_come_out_whole_and_in_order() throws Exception {
    FrameReader reader = reader();
    Random random = new Random(7);
    List<byte[]> bodies = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 2_000; i++) {
      // mostly small frames, some empty, a few larger than the reader's buffer
      int size =
          i % 500 == 7 ? 3 * FrameReader.BUFFER_BYTES + i : random.nextInt(i % 3 == 0 ? 1 : 300);
      byte[] body = new byte[size];
      random.nextBytes(body);
      bodies.add(body);
      wire.writeBytes(prefixed(body));
    }
    byte[] bytes = wire.toByteArray();
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(7_000));
                    pair.out.write(Arrays.copyOfRange(bytes, at, at + n), T);
                    at += n;
                  }
                  pair.out.closeWrite();
                });
    for (byte[] body : bodies) {
      StreamFrames.Frame frame = reader.next(T, 1 << 20, 64);
      assertFalse(frame.oversized());
      assertArrayEquals(body, frame.body());
    }
    assertNull(reader.next(T, 1 << 20, 64), "a clean end between frames");
    writer.join();
  }

  @Test
  void an_oversized_frame_keeps_its_head_and_the_next_frame_is_read() throws Exception {
    FrameReader reader = reader();
    byte[] big = new byte[200_000];
    new Random(3).nextBytes(big);
    pair.out.write(prefixed(big), T);
    pair.out.write(prefixed(new byte[] {1, 2, 3}), T);
    StreamFrames.Frame head = reader.next(T, 1_000, 64);
    assertTrue(head.oversized());
    assertEquals(200_000, head.length());
    assertArrayEquals(Arrays.copyOf(big, 64), head.body());
    assertArrayEquals(new byte[] {1, 2, 3}, reader.next(T, 1_000, 64).body());
  }

  @Test
  void silence_between_frames_is_a_timeout_that_loses_no_byte() throws Exception {
    FrameReader reader = reader();
    byte[] body = new byte[200];
    Arrays.fill(body, (byte) 9);
    byte[] frame = prefixed(body); // a two-byte length prefix
    pair.out.write(Arrays.copyOf(frame, 1), T);
    assertThrows(RemoteTimeoutException.class, () -> reader.next(Duration.ofMillis(50), 1_000, 64));
    assertTrue(reader.buffered(), "the first byte of the prefix is kept");
    pair.out.write(Arrays.copyOfRange(frame, 1, frame.length), T);
    assertArrayEquals(body, reader.next(T, 1_000, 64).body());
    assertFalse(reader.buffered());
  }

  @Test
  void the_stream_ending_inside_a_frame_is_a_reset() throws Exception {
    FrameReader reader = reader();
    pair.out.write(new byte[] {10, 1, 2, 3}, T); // 10 bytes announced, 3 sent
    pair.out.closeWrite();
    assertThrows(StreamResetException.class, () -> reader.next(T, 1_000, 64));
  }

  @Test
  void silence_inside_a_frame_is_a_reset_not_a_timeout() throws Exception {
    FrameReader reader = reader();
    pair.out.write(new byte[] {10, 1, 2, 3}, T);
    assertThrows(StreamResetException.class, () -> reader.next(Duration.ofMillis(50), 1_000, 64));
  }

  @Test
  void a_length_prefix_longer_than_five_bytes_is_malformed() throws Exception {
    FrameReader reader = reader();
    pair.out.write(
        new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}, T);
    assertThrows(IllegalArgumentException.class, () -> reader.next(T, 1_000, 64));
  }
}
