package io.kameo.libp2p.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes into a yamux session: the only exception it may throw is {@link
 * YamuxProtocolException}, and every buffer is released afterwards (checked deterministically, with
 * Netty's leak detector at PARANOID as well).
 *
 * <p>{@link #sessionSurvivesArbitraryBytes} is a Jazzer fuzz test: {@code JAZZER_FUZZ=1} fuzzes it,
 * plain {@code mvn test} replays its stored inputs. Because a replay alone explores little, {@link
 * #sessionSurvivesRandomFrameSequences} runs the same checks on a bounded number of seeded random
 * frame sequences (mostly well-formed frames with random fields, some corrupted) in every build.
 */
class YamuxFuzzTest {
  private static final YamuxConfig CONFIG =
      YamuxConfig.defaults().withMaxInboundStreams(8).withMaxMessageSize(1024);

  /** Echoes some data, consumes some, resets on a marker byte: exercises the replies. */
  private static final class Busy implements StreamHandler {
    @Override
    public void onData(YamuxStream stream, ByteBuf data) {
      int n = data.readableBytes();
      byte first = n > 0 ? data.getByte(data.readerIndex()) : 0;
      if (first == 0x52) {
        data.release();
        stream.reset();
        return;
      }
      if ((first & 1) == 0) {
        stream.write(data);
      } else {
        data.release();
      }
      stream.consumed(n);
    }

    @Override
    public void onRemoteClose(YamuxStream stream) {
      stream.closeWrite();
    }
  }

  /** Feeds {@code chunks} to a fresh session of the given role and checks the outcome. */
  private static void run(boolean client, byte[][] chunks) {
    TrackingAllocator alloc = new TrackingAllocator();
    Pipe.QueueSink sink = new Pipe.QueueSink();
    YamuxSession session =
        YamuxSession.create(
            client ? YamuxSession.Role.CLIENT : YamuxSession.Role.SERVER,
            CONFIG,
            ImmediateEventExecutor.INSTANCE,
            alloc,
            sink,
            s -> new Busy());
    YamuxStream own = session.openStream(new Busy());
    own.write(alloc.of(new byte[2000]));
    session.ping();
    try {
      for (byte[] chunk : chunks) {
        session.onBytes(alloc.of(chunk));
      }
    } catch (YamuxProtocolException expected) {
      assertTrue(session.isTerminated(), "a protocol error terminates the session");
    }
    session.transportClosed();
    sink.releaseAll();
    alloc.assertAllReleased();
  }

  @FuzzTest(maxDuration = "60s")
  void sessionSurvivesArbitraryBytes(FuzzedDataProvider data) {
    boolean client = data.consumeBoolean();
    int pieces = data.consumeInt(1, 8);
    byte[][] chunks = new byte[pieces][];
    for (int i = 0; i < pieces; i++) {
      chunks[i] = i == pieces - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(64);
    }
    run(client, chunks);
  }

  @Test
  void sessionSurvivesRandomFrameSequences() {
    for (int seed = 0; seed < 1000; seed++) {
      Random random = new Random(seed);
      ByteBuf bytes = io.netty.buffer.Unpooled.buffer();
      int frames = 1 + random.nextInt(30);
      for (int f = 0; f < frames; f++) {
        appendFrame(random, bytes);
      }
      byte[] all = new byte[bytes.readableBytes()];
      bytes.readBytes(all);
      bytes.release();
      // split at random points
      int pieces = 1 + random.nextInt(4);
      byte[][] chunks = new byte[pieces][];
      int offset = 0;
      for (int i = 0; i < pieces; i++) {
        int end = i == pieces - 1 ? all.length : offset + random.nextInt(all.length - offset + 1);
        chunks[i] = java.util.Arrays.copyOfRange(all, offset, end);
        offset = end;
      }
      try {
        run(seed % 2 == 0, chunks);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + " failed", e);
      }
    }
  }

  private static void appendFrame(Random random, ByteBuf out) {
    int version = random.nextInt(50) == 0 ? 1 : 0;
    int type = random.nextInt(40) == 0 ? 4 + random.nextInt(10) : random.nextInt(4);
    int flags = random.nextInt(16);
    int streamId = type >= 2 && random.nextInt(10) > 0 ? 0 : random.nextInt(12);
    long length;
    int payload = 0;
    switch (type) {
      case 0 -> {
        payload = random.nextInt(10) == 0 ? 300_000 : random.nextInt(3000);
        length = payload;
      }
      case 1 -> length = random.nextInt(5) == 0 ? 0xFFFF_FFFFL : random.nextInt(1 << 20);
      case 2 -> {
        flags = random.nextInt(10) == 0 ? flags : (random.nextBoolean() ? Flags.SYN : Flags.ACK);
        length = random.nextInt(3);
      }
      default -> length = random.nextInt(4);
    }
    out.writeByte(version);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
    byte[] body = new byte[Math.min(payload, 4096)];
    random.nextBytes(body);
    out.writeBytes(body);
    out.writeZero(payload - body.length);
  }
}
