package io.kameo.libp2p.internal.yamux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
  private static final int WINDOW = YamuxConfig.SPEC_INITIAL_WINDOW;

  /** Auto-tuning off, so windows stay at 256 KiB. */
  private static final YamuxConfig FIXED = YamuxConfig.defaults().withStreamWindow(WINDOW, WINDOW);

  private final TrackingAllocator alloc = new TrackingAllocator();
  private final List<Pipe> pipes = new ArrayList<>();

  @AfterEach
  void noLeaks() {
    pipes.forEach(Pipe::close);
    rawSink.releaseAll();
    alloc.assertAllReleased();
  }

  private Pipe pipe(YamuxConfig config) {
    Pipe pipe = new Pipe(alloc, config);
    pipes.add(pipe);
    return pipe;
  }

  private Pipe echoPipe(YamuxConfig config) {
    Pipe pipe = new Pipe(alloc, config, config, s -> new Echo());
    pipes.add(pipe);
    return pipe;
  }

  /** Echoes data and closes its write side after the remote's FIN. */
  static final class Echo extends RecordingStreamHandler {
    @Override
    public void onData(YamuxStream stream, ByteBuf data) {
      int n = data.readableBytes();
      received.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(data));
      stream.write(data);
      stream.consumed(n);
    }

    @Override
    public void onRemoteClose(YamuxStream stream) {
      super.onRemoteClose(stream);
      stream.closeWrite();
    }
  }

  /** A stream handler that records data but does not report it consumed. */
  private static RecordingStreamHandler holding() {
    RecordingStreamHandler handler = new RecordingStreamHandler();
    handler.autoConsume = false;
    return handler;
  }

  private static byte[] random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static FrameHeader last(List<FrameHeader> frames) {
    return frames.get(frames.size() - 1);
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    assertTrue(future.isCompletedExceptionally(), "future not failed: " + future);
    ExecutionException e = assertThrows(ExecutionException.class, future::get);
    return e.getCause();
  }

  // ------------------------------------------------------------------ opening and acknowledging

  @Test
  void openingAStreamSendsWindowUpdateWithSynAndLengthZero() {
    Pipe p = pipe(FIXED);
    YamuxStream a = p.client.openStream(new RecordingStreamHandler());
    YamuxStream b = p.client.openStream(new RecordingStreamHandler());
    assertEquals(1, a.id());
    assertEquals(3, b.id());
    assertEquals(
        new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 1, 0), p.clientSink.sent.get(0));
    assertEquals(2, p.clientSink.flushes, "one flush per operation");
    YamuxStream s = p.server.openStream(new RecordingStreamHandler());
    assertEquals(2, s.id());
  }

  @Test
  void inboundStreamIsAcknowledgedWithWindowUpdateWhenTheHandlerDoesNotWrite() {
    Pipe p = pipe(FIXED);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    p.pump();
    assertEquals(1, p.serverHandler.inbound.size());
    assertEquals(
        List.of(new FrameHeader(FrameType.WINDOW_UPDATE, Flags.ACK, stream.id(), 0)),
        p.serverSink.sent);
  }

  @Test
  void inboundStreamAckRidesOnTheFirstDataFrameWrittenByTheHandler() {
    Pipe p =
        new Pipe(
            alloc,
            FIXED,
            FIXED,
            s -> {
              s.write(alloc.of((byte) 7));
              return new RecordingStreamHandler();
            });
    pipes.add(p);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    p.client.openStream(clientSide);
    p.pump();
    assertEquals(List.of(new FrameHeader(FrameType.DATA, Flags.ACK, 1, 1)), p.serverSink.sent);
    assertArrayEquals(new byte[] {7}, clientSide.bytes());
  }

  @Test
  void largerInitialWindowIsAnnouncedWithSynAndAck() {
    YamuxConfig big = YamuxConfig.defaults().withStreamWindow(WINDOW * 4, WINDOW * 4);
    Pipe p = pipe(big);
    p.client.openStream(new RecordingStreamHandler());
    p.pump();
    assertEquals(
        new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 1, 3L * WINDOW),
        p.clientSink.sent.get(0));
    assertEquals(
        new FrameHeader(FrameType.WINDOW_UPDATE, Flags.ACK, 1, 3L * WINDOW),
        p.serverSink.sent.get(0));
  }

  @Test
  void ackBacklogLimitsUnacknowledgedOutboundStreams() {
    Pipe p = pipe(FIXED.withMaxAckBacklog(2));
    p.client.openStream(new RecordingStreamHandler());
    p.client.openStream(new RecordingStreamHandler());
    var e =
        assertThrows(
            IllegalStateException.class, () -> p.client.openStream(new RecordingStreamHandler()));
    assertEquals("yamux ACK backlog full: 2 opened streams not yet acknowledged", e.getMessage());
    p.pump();
    assertNotNull(p.client.openStream(new RecordingStreamHandler()));
  }

  // ------------------------------------------------------------------ data, flow control

  @Test
  void manyConcurrentStreamsEchoTheirOwnData() {
    Pipe p = echoPipe(FIXED);
    int streams = 200;
    List<YamuxStream> opened = new ArrayList<>();
    List<RecordingStreamHandler> handlers = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      RecordingStreamHandler h = new RecordingStreamHandler();
      handlers.add(h);
      opened.add(p.client.openStream(h));
    }
    // interleave writes across all streams, in three rounds
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < streams; i++) {
        opened.get(i).write(alloc.of(random(100 + i, i * 31L + round)));
      }
      p.pump();
    }
    opened.forEach(YamuxStream::closeWrite);
    p.pump();
    for (int i = 0; i < streams; i++) {
      byte[] expected = new byte[3 * (100 + i)];
      for (int round = 0; round < 3; round++) {
        System.arraycopy(random(100 + i, i * 31L + round), 0, expected, round * (100 + i), 100 + i);
      }
      assertArrayEquals(expected, handlers.get(i).bytes(), "stream " + opened.get(i).id());
      assertTrue(handlers.get(i).closed, "stream " + opened.get(i).id() + " closed");
    }
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
  }

  @Test
  void tenMegabytesFlowThroughWindowsThatBoundTheDataInFlight() {
    int total = 10 * 1024 * 1024;
    byte[] payload = random(total, 42);
    Pipe p = new Pipe(alloc, FIXED, FIXED, s -> holding());
    pipes.add(p);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    int chunk = 100_000;
    int written = 0;
    long consumed = 0;
    long maxInFlight = 0;
    int stepsWaitingForWindow = 0;
    CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
    // bounded: the slow reader needs about total / 64 KiB steps
    for (int step = 0; step < 10_000 && consumed < total; step++) {
      // the writer waits for its previous write to leave the stream: backpressure
      if (written < total && lastWrite.isDone()) {
        int n = Math.min(chunk, total - written);
        lastWrite = stream.write(alloc.of(Arrays.copyOfRange(payload, written, written + n)));
        written += n;
      } else if (written < total) {
        stepsWaitingForWindow++;
      }
      p.pump();
      long sentData = 0;
      for (FrameHeader f : p.clientSink.sent) {
        if (f.type() == FrameType.DATA) {
          sentData += f.length();
        }
      }
      maxInFlight = Math.max(maxInFlight, sentData - consumed);
      // the reader consumes slowly: at most 64 KiB per step
      RecordingStreamHandler server = p.serverHandler.inboundHandler(0);
      int n = (int) Math.min(server.unconsumed, 64 * 1024);
      server.unconsumed -= n;
      consumed += n;
      p.serverHandler.inbound.get(0).consumed(n);
    }
    assertArrayEquals(payload, p.serverHandler.inboundHandler(0).bytes());
    assertTrue(maxInFlight <= WINDOW, "in flight " + maxInFlight + " > window " + WINDOW);
    assertTrue(maxInFlight > WINDOW / 2, "the sender used the window: " + maxInFlight);
    assertTrue(stepsWaitingForWindow > 0, "the writer had to wait for window");
    for (FrameHeader f : p.clientSink.sent) {
      if (f.type() == FrameType.DATA) {
        assertTrue(f.length() <= 64 * 1024 - FrameHeader.LENGTH, f.toString());
      }
    }
  }

  @Test
  void writerIsHeldBackWhenTheRemoteWindowIsExhausted() {
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    Pipe q = new Pipe(alloc, FIXED.withWriteBufferSize(512 * 1024), FIXED, s -> holding());
    pipes.add(q);
    YamuxStream stream = q.client.openStream(clientSide);
    CompletableFuture<Void> first = stream.write(alloc.of(random(WINDOW, 1)));
    CompletableFuture<Void> second = stream.write(alloc.of(random(300 * 1024, 2)));
    q.pump();
    RecordingStreamHandler server = q.serverHandler.inboundHandler(0);
    assertEquals(WINDOW, server.received.size(), "exactly one window crossed");
    assertTrue(first.isDone());
    assertFalse(second.isDone(), "second write waits for window");
    assertTrue(stream.isWritable(), "300 KiB queued is below the 512 KiB write buffer");
    CompletableFuture<Void> third = stream.write(alloc.of(random(300 * 1024, 3)));
    assertFalse(stream.isWritable(), "600 KiB queued fills the write buffer");
    assertEquals(List.of(false), clientSide.writabilityChanges);
    Throwable refused = failureOf(stream.write(alloc.of(new byte[1])));
    assertEquals(
        YamuxStreamException.Reason.WRITE_BUFFER_FULL,
        assertInstanceOf(YamuxStreamException.class, refused).reason());
    // the reader consumes; window updates let the rest through
    while (server.received.size() < WINDOW + 600 * 1024) {
      server.consumeAll(q.serverHandler.inbound.get(0));
      assertTrue(q.pump() > 0, "progress");
    }
    assertTrue(second.isDone() && third.isDone());
    assertTrue(stream.isWritable());
    assertEquals(List.of(false, true), clientSide.writabilityChanges);
  }

  @Test
  void dataFramesAreChunkedToTheMaximumMessageSize() {
    Pipe p = pipe(FIXED.withMaxMessageSize(1024));
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    stream.write(alloc.of(random(5000, 5)));
    List<Long> lengths = new ArrayList<>();
    for (FrameHeader f : p.clientSink.sent) {
      if (f.type() == FrameType.DATA) {
        lengths.add(f.length());
      }
    }
    assertEquals(List.of(1012L, 1012L, 1012L, 1012L, 952L), lengths);
    p.pump();
    assertArrayEquals(random(5000, 5), p.serverHandler.inboundHandler(0).bytes());
  }

  @Test
  void receiveWindowGrowsWhenDataIsConsumedWithinFourRoundTrips() {
    AtomicLong now = new AtomicLong();
    YamuxConfig tuned = YamuxConfig.defaults().withNanoClock(now::get);
    Pipe p = pipe(tuned);
    CompletableFuture<Duration> rtt = p.server.ping();
    now.addAndGet(1_000_000);
    p.pump();
    assertEquals(Duration.ofMillis(1), rtt.join());
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    List<Long> updates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      stream.write(alloc.of(random(4 * 1024 * 1024, i)));
      p.pump(); // the server consumes at once, all within one simulated millisecond
    }
    for (FrameHeader f : p.serverSink.sent) {
      if (f.type() == FrameType.WINDOW_UPDATE && f.flags() == 0) {
        updates.add(f.length());
      }
    }
    // each update within 4 RTT doubles the window: 256 KiB -> 512 KiB -> ... -> 16 MiB
    long biggest = updates.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(biggest > WINDOW, "window grew, updates: " + updates);
    assertTrue(biggest <= 16L * 1024 * 1024, "window capped at 16 MiB, updates: " + updates);
    assertEquals(24 * 1024 * 1024, p.serverHandler.inboundHandler(0).received.size());
  }

  @Test
  void receiveWindowStaysFixedWithoutAMeasuredRoundTrip() {
    Pipe p = pipe(YamuxConfig.defaults());
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    stream.write(alloc.of(random(2 * 1024 * 1024, 9)));
    p.pump();
    for (FrameHeader f : p.serverSink.sent) {
      if (f.type() == FrameType.WINDOW_UPDATE && f.flags() == 0) {
        assertTrue(f.length() <= WINDOW, f.toString());
      }
    }
  }

  @Test
  void fullTransportHoldsStreamDataButNotControlFrames() {
    Pipe p = pipe(FIXED);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    p.pump();
    p.client.transportWritabilityChanged(false);
    CompletableFuture<Void> write = stream.write(alloc.of((byte) 1, (byte) 2));
    p.client.ping();
    assertFalse(write.isDone(), "data waits while the transport is full");
    assertEquals(FrameType.PING, last(p.clientSink.sent).type(), "control frames still go out");
    p.client.transportWritabilityChanged(true);
    assertTrue(write.isDone());
    p.pump();
    assertArrayEquals(new byte[] {1, 2}, p.serverHandler.inboundHandler(0).bytes());
  }

  @Test
  void consumingMoreThanWasDeliveredIsRejected() {
    Pipe p = new Pipe(alloc, FIXED, FIXED, s -> holding());
    pipes.add(p);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    stream.write(alloc.of((byte) 1, (byte) 2));
    p.pump();
    YamuxStream inbound = p.serverHandler.inbound.get(0);
    var e = assertThrows(IllegalArgumentException.class, () -> inbound.consumed(3));
    assertEquals(
        "yamux stream 1: consumed 3 bytes but only 2 delivered bytes are unconsumed",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> inbound.consumed(-1));
  }

  @Test
  void configRejectsWindowsBelowTheSpecAndOtherBadLimits() {
    YamuxConfig d = YamuxConfig.defaults();
    var e = assertThrows(IllegalArgumentException.class, () -> d.withStreamWindow(1024, 1024));
    assertEquals("initialStreamWindow 1024 is below 262144", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.withStreamWindow(WINDOW * 2, WINDOW));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxMessageSize(100));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxInboundStreams(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxAckBacklog(0));
    assertThrows(IllegalArgumentException.class, () -> d.withWriteBufferSize(0));
    assertEquals(16 * 1024 * 1024, d.maxStreamWindow());
    assertEquals(64 * 1024, d.maxMessageSize());
    assertEquals(1000, d.maxInboundStreams());
  }

  // ------------------------------------------------------------------ closing and resetting

  @Test
  void clientHalfCloseLetsTheServerKeepWriting() {
    Pipe p = pipe(FIXED);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    stream.write(alloc.of((byte) 1));
    CompletableFuture<Void> fin = stream.closeWrite();
    p.pump();
    assertTrue(fin.isDone());
    RecordingStreamHandler serverSide = p.serverHandler.inboundHandler(0);
    assertTrue(serverSide.remoteClosed);
    YamuxStream inbound = p.serverHandler.inbound.get(0);
    inbound.write(alloc.of((byte) 2, (byte) 3));
    p.pump();
    assertArrayEquals(new byte[] {2, 3}, clientSide.bytes());
    assertFalse(clientSide.closed);
    Throwable late = failureOf(stream.write(alloc.of((byte) 9)));
    assertEquals(
        YamuxStreamException.Reason.WRITE_CLOSED,
        assertInstanceOf(YamuxStreamException.class, late).reason());
    inbound.closeWrite();
    p.pump();
    assertTrue(clientSide.remoteClosed && clientSide.closed && serverSide.closed);
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
  }

  @Test
  void serverHalfCloseLetsTheClientKeepWriting() {
    Pipe p = pipe(FIXED);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    p.pump();
    p.serverHandler.inbound.get(0).closeWrite();
    p.pump();
    assertTrue(clientSide.remoteClosed);
    stream.write(alloc.of((byte) 4));
    p.pump();
    assertArrayEquals(new byte[] {4}, p.serverHandler.inboundHandler(0).bytes());
    assertEquals(1, p.server.streamCount());
    stream.closeWrite();
    p.pump();
    assertEquals(0, p.server.streamCount());
    assertEquals(0, p.client.streamCount());
  }

  @Test
  void finIsSentOnlyAfterQueuedDataLeaves() {
    Pipe p = new Pipe(alloc, FIXED, FIXED, s -> holding());
    pipes.add(p);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    stream.write(alloc.of(random(WINDOW + 10, 3)));
    CompletableFuture<Void> fin = stream.closeWrite();
    p.pump();
    assertFalse(fin.isDone(), "10 bytes still wait for window");
    assertFalse(p.serverHandler.inboundHandler(0).remoteClosed);
    p.serverHandler.inboundHandler(0).consumeAll(p.serverHandler.inbound.get(0));
    p.pump();
    assertTrue(fin.isDone());
    assertTrue(p.serverHandler.inboundHandler(0).remoteClosed);
    assertEquals(WINDOW + 10, p.serverHandler.inboundHandler(0).received.size());
  }

  @Test
  void resetFailsQueuedWritesReleasesTheirDataAndResetsTheRemote() {
    Pipe p = new Pipe(alloc, FIXED, FIXED, s -> holding());
    pipes.add(p);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    stream.write(alloc.of(random(WINDOW, 1)));
    CompletableFuture<Void> queued = stream.write(alloc.of(random(1000, 2)));
    p.pump();
    stream.reset();
    assertEquals(
        new FrameHeader(FrameType.WINDOW_UPDATE, Flags.RST, stream.id(), 0),
        last(p.clientSink.sent));
    assertEquals(
        YamuxStreamException.Reason.RESET_LOCALLY,
        assertInstanceOf(YamuxStreamException.class, failureOf(queued)).reason());
    assertEquals(YamuxStreamException.Reason.RESET_LOCALLY, clientSide.reset.reason());
    p.pump();
    assertEquals(
        YamuxStreamException.Reason.RESET_BY_REMOTE,
        p.serverHandler.inboundHandler(0).reset.reason());
    assertEquals(0, p.client.streamCount());
    assertEquals(0, p.server.streamCount());
  }

  @Test
  void dataForAStreamThatWasResetIsIgnored() {
    Pipe p = pipe(FIXED);
    YamuxStream stream = p.client.openStream(new RecordingStreamHandler());
    p.pump();
    p.serverHandler.inbound.get(0).reset();
    stream.write(alloc.of((byte) 1, (byte) 2)); // crosses the RST
    p.pump();
    assertFalse(p.server.isTerminated());
    assertEquals(0, p.serverHandler.inboundHandler(0).received.size());
  }

  // ------------------------------------------------------------------ ping

  @Test
  void pingIsAnsweredWithAckCarryingTheSameOpaqueValue() {
    Pipe p = pipe(FIXED);
    CompletableFuture<Duration> rtt = p.client.ping();
    assertSame(rtt, p.client.ping(), "one ping outstanding at a time");
    assertEquals(new FrameHeader(FrameType.PING, Flags.SYN, 0, 0), p.clientSink.sent.get(0));
    p.pump();
    assertEquals(List.of(new FrameHeader(FrameType.PING, Flags.ACK, 0, 0)), p.serverSink.sent);
    assertTrue(rtt.isDone());
    p.client.ping();
    assertEquals(new FrameHeader(FrameType.PING, Flags.SYN, 0, 1), last(p.clientSink.sent));
    p.pump();
  }

  @Test
  void unrequestedPingAckIsAProtocolErrorAnsweredWithGoAway() {
    Pipe p = pipe(FIXED);
    ByteBuf ack = alloc.buffer();
    new FrameHeader(FrameType.PING, Flags.ACK, 0, 5).encode(ack);
    var e = assertThrows(YamuxProtocolException.class, () -> p.server.onBytes(ack));
    assertEquals("Unrequested ping ACK with opaque value 5", e.getMessage());
    assertEquals(new FrameHeader(FrameType.GO_AWAY, 0, 0, 1), last(p.serverSink.sent));
    assertTrue(p.server.isTerminated());
    assertSame(e, p.serverHandler.terminations.get(0));
  }

  @Test
  void pingAckWithAnotherOpaqueValueIsAProtocolError() {
    Pipe p = pipe(FIXED);
    CompletableFuture<Duration> ping = p.server.ping();
    ByteBuf ack = alloc.buffer();
    new FrameHeader(FrameType.PING, Flags.ACK, 0, 77).encode(ack);
    var e = assertThrows(YamuxProtocolException.class, () -> p.server.onBytes(ack));
    assertEquals("Ping ACK opaque value 77 does not match the outstanding ping 0", e.getMessage());
    assertEquals(
        YamuxStreamException.Reason.SESSION_CLOSED,
        assertInstanceOf(YamuxStreamException.class, failureOf(ping)).reason());
  }

  // ------------------------------------------------------------------ GoAway and limits

  @Test
  void normalGoAwayRefusesNewStreamsButLetsOpenOnesFinish() {
    Pipe p = pipe(FIXED);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    p.pump();
    p.server.goAway(GoAwayCode.NORMAL);
    assertEquals(new FrameHeader(FrameType.GO_AWAY, 0, 0, 0), last(p.serverSink.sent));
    p.pump();
    assertEquals(List.of(0L), p.clientHandler.goAways);
    var e =
        assertThrows(
            IllegalStateException.class, () -> p.client.openStream(new RecordingStreamHandler()));
    assertEquals("yamux remote sent GoAway NORMAL", e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> p.server.openStream(new RecordingStreamHandler()));
    stream.write(alloc.of((byte) 1));
    p.pump();
    assertArrayEquals(new byte[] {1}, p.serverHandler.inboundHandler(0).bytes());
    assertFalse(p.client.isTerminated());
    assertNull(clientSide.reset);
  }

  @Test
  void goAwayWithAnErrorCodeResetsAllStreamsOnBothSides() {
    Pipe p = new Pipe(alloc, FIXED, FIXED, s -> holding());
    pipes.add(p);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    CompletableFuture<Void> blocked = stream.write(alloc.of(random(WINDOW + 1, 1)));
    p.pump();
    p.client.goAway(GoAwayCode.INTERNAL_ERROR);
    assertTrue(p.client.isTerminated());
    assertEquals(YamuxStreamException.Reason.SESSION_CLOSED, clientSide.reset.reason());
    assertTrue(blocked.isCompletedExceptionally());
    p.pump();
    assertEquals(List.of(2L), p.serverHandler.goAways);
    assertTrue(p.server.isTerminated());
    assertEquals(
        YamuxStreamException.Reason.SESSION_CLOSED,
        p.serverHandler.inboundHandler(0).reset.reason());
  }

  @Test
  void inboundStreamsBeyondTheLimitAreReset() {
    Pipe p =
        new Pipe(alloc, FIXED, FIXED.withMaxInboundStreams(3), s -> new RecordingStreamHandler());
    pipes.add(p);
    List<RecordingStreamHandler> handlers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RecordingStreamHandler h = new RecordingStreamHandler();
      handlers.add(h);
      p.client.openStream(h);
    }
    p.pump();
    assertEquals(3, p.serverHandler.inbound.size());
    assertNull(handlers.get(2).reset);
    assertEquals(YamuxStreamException.Reason.RESET_BY_REMOTE, handlers.get(3).reset.reason());
    assertEquals(YamuxStreamException.Reason.RESET_BY_REMOTE, handlers.get(4).reset.reason());
    assertEquals(
        new FrameHeader(FrameType.WINDOW_UPDATE, Flags.RST, 9, 0), last(p.serverSink.sent));
    // closing one makes room for another
    p.serverHandler.inbound.get(0).reset();
    p.pump();
    p.client.openStream(new RecordingStreamHandler());
    p.pump();
    assertEquals(4, p.serverHandler.inbound.size());
  }

  @Test
  void inboundStreamsTheHandlerDoesNotAdmitAreResetBeforeTheyExist() {
    Pipe p = pipe(FIXED);
    p.serverHandler.admissionLimit = 2;
    List<RecordingStreamHandler> handlers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RecordingStreamHandler h = new RecordingStreamHandler();
      handlers.add(h);
      YamuxStream s = p.client.openStream(h);
      s.write(alloc.of(random(100, i))); // data for a refused stream is dropped, not buffered
    }
    p.pump();
    assertEquals(2, p.serverHandler.inbound.size());
    assertEquals(2, p.server.streamCount());
    assertNull(handlers.get(1).reset);
    assertEquals(YamuxStreamException.Reason.RESET_BY_REMOTE, handlers.get(2).reset.reason());
    assertEquals(YamuxStreamException.Reason.RESET_BY_REMOTE, handlers.get(3).reset.reason());
    assertEquals(2, p.client.streamCount());
  }

  @Test
  void aTransportClosedForAReasonHandsTheReasonToEveryStream() {
    Pipe p = pipe(FIXED);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    p.client.openStream(clientSide);
    IllegalStateException why = new IllegalStateException("peer went silent");
    p.client.transportClosed(why);
    assertEquals(YamuxStreamException.Reason.SESSION_CLOSED, clientSide.reset.reason());
    assertSame(why, clientSide.reset.getCause());
  }

  @Test
  void transportClosedResetsStreamsAndReleasesQueuedData() {
    Pipe p = pipe(FIXED);
    RecordingStreamHandler clientSide = new RecordingStreamHandler();
    YamuxStream stream = p.client.openStream(clientSide);
    CompletableFuture<Void> queued = stream.write(alloc.of(random(2 * WINDOW, 1)));
    p.client.transportClosed();
    assertEquals(YamuxStreamException.Reason.SESSION_CLOSED, clientSide.reset.reason());
    assertTrue(queued.isCompletedExceptionally());
    assertEquals(1, p.clientHandler.terminations.size());
    assertThrows(
        IllegalStateException.class, () -> p.client.openStream(new RecordingStreamHandler()));
  }

  // ------------------------------------------------------------------ raw frames into one session

  private final Pipe.QueueSink rawSink = new Pipe.QueueSink();
  private final RecordingSessionHandler rawHandler = new RecordingSessionHandler(s -> holding());

  private YamuxSession raw(YamuxSession.Role role) {
    return YamuxSession.create(
        role, FIXED, ImmediateEventExecutor.INSTANCE, alloc, rawSink, rawHandler);
  }

  private void feed(YamuxSession session, FrameHeader header, int payload) {
    ByteBuf in = alloc.buffer();
    header.encode(in);
    in.writeZero(payload);
    session.onBytes(in);
  }

  @Test
  void exceedingTheReceiveWindowIsAProtocolError() {
    YamuxSession server = raw(YamuxSession.Role.SERVER);
    feed(server, new FrameHeader(FrameType.DATA, Flags.SYN, 1, WINDOW), WINDOW);
    var e =
        assertThrows(
            YamuxProtocolException.class,
            () -> feed(server, new FrameHeader(FrameType.DATA, 0, 1, 1), 1));
    assertEquals("Receive window exceeded on stream 1: 1 bytes sent, 0 allowed", e.getMessage());
    assertEquals(new FrameHeader(FrameType.GO_AWAY, 0, 0, 1), last(rawSink.sent));
  }

  @Test
  void synWithThisSidesParityIsAProtocolError() {
    YamuxSession client = raw(YamuxSession.Role.CLIENT);
    var e =
        assertThrows(
            YamuxProtocolException.class,
            () -> feed(client, new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 3, 0), 0));
    assertEquals(
        "Both endpoints are clients: SYN for stream 3 has this side's parity", e.getMessage());
    assertEquals(new FrameHeader(FrameType.GO_AWAY, 0, 0, 1), last(rawSink.sent));
  }

  @Test
  void duplicateSynIsAProtocolError() {
    YamuxSession server = raw(YamuxSession.Role.SERVER);
    feed(server, new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 1, 0), 0);
    var e =
        assertThrows(
            YamuxProtocolException.class,
            () -> feed(server, new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN, 1, 0), 0));
    assertEquals("Stream 1 already exists (duplicate SYN)", e.getMessage());
  }

  @Test
  void invalidHeaderIsAnsweredWithGoAwayProtocolError() {
    YamuxSession server = raw(YamuxSession.Role.SERVER);
    ByteBuf in = alloc.of(new byte[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    var e = assertThrows(YamuxProtocolException.class, () -> server.onBytes(in));
    assertEquals("Invalid frame type WINDOW_UPDATE on stream 0", e.getMessage());
    assertEquals(new FrameHeader(FrameType.GO_AWAY, 0, 0, 1), last(rawSink.sent));
    // later bytes are dropped, not parsed
    server.onBytes(alloc.of(new byte[] {9, 9, 9}));
    assertEquals(1, rawHandler.terminations.size());
  }

  @Test
  void framesForUnknownStreamsWithoutSynAreIgnored() {
    YamuxSession server = raw(YamuxSession.Role.SERVER);
    feed(server, new FrameHeader(FrameType.DATA, 0, 7, 100), 100);
    feed(server, new FrameHeader(FrameType.WINDOW_UPDATE, Flags.FIN, 9, 5), 0);
    assertFalse(server.isTerminated());
    assertTrue(rawSink.sent.isEmpty());
    assertEquals(0, server.streamCount());
  }

  @Test
  void dataAfterTheRemotesFinResetsTheStream() {
    YamuxSession server = raw(YamuxSession.Role.SERVER);
    feed(server, new FrameHeader(FrameType.WINDOW_UPDATE, Flags.SYN | Flags.FIN, 1, 0), 0);
    feed(server, new FrameHeader(FrameType.DATA, 0, 1, 3), 3);
    assertEquals(new FrameHeader(FrameType.WINDOW_UPDATE, Flags.RST, 1, 0), last(rawSink.sent));
    assertFalse(server.isTerminated());
    assertEquals(0, server.streamCount());
  }

  @Test
  void handlerThatThrowsResetsItsStreamOnly() {
    YamuxSession server =
        YamuxSession.create(
            YamuxSession.Role.SERVER,
            FIXED,
            ImmediateEventExecutor.INSTANCE,
            alloc,
            rawSink,
            s ->
                (stream, data) -> {
                  data.release();
                  throw new IllegalStateException("boom");
                });
    feed(server, new FrameHeader(FrameType.DATA, Flags.SYN, 1, 2), 2);
    assertEquals(new FrameHeader(FrameType.WINDOW_UPDATE, Flags.RST, 1, 0), last(rawSink.sent));
    assertFalse(server.isTerminated());
  }

  // ------------------------------------------------------------------ threading

  @Test
  void sessionMethodsRefuseCallsFromOutsideTheEventLoop() throws Exception {
    DefaultEventExecutor loop = new DefaultEventExecutor();
    try {
      YamuxSession session =
          YamuxSession.create(YamuxSession.Role.CLIENT, FIXED, loop, alloc, rawSink, rawHandler);
      var e = assertThrows(IllegalStateException.class, session::ping);
      assertTrue(e.getMessage().startsWith("yamux session used outside its event loop"));
      ByteBuf in = alloc.of((byte) 0);
      assertThrows(IllegalStateException.class, () -> session.onBytes(in));
      assertEquals(0, in.refCnt(), "onBytes releases its input even when refusing the call");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void writesFromOtherThreadsAreHandedOverToTheEventLoopInOrder() throws Exception {
    DefaultEventExecutor loop = new DefaultEventExecutor();
    try {
      // both sessions on one loop; frames cross through loop tasks
      YamuxSession[] sessions = new YamuxSession[2];
      RecordingSessionHandler serverHandler =
          new RecordingSessionHandler(s -> new RecordingStreamHandler());
      FrameSink toServer =
          new FrameSink() {
            @Override
            public void write(ByteBuf frame) {
              loop.execute(() -> sessions[1].onBytes(frame));
            }

            @Override
            public void flush() {}
          };
      FrameSink toClient =
          new FrameSink() {
            @Override
            public void write(ByteBuf frame) {
              loop.execute(() -> sessions[0].onBytes(frame));
            }

            @Override
            public void flush() {}
          };
      int writers = 4;
      int perWriter = 200;
      List<YamuxStream> streams =
          loop.submit(
                  () -> {
                    sessions[0] =
                        YamuxSession.create(
                            YamuxSession.Role.CLIENT,
                            FIXED,
                            loop,
                            alloc,
                            toServer,
                            new RecordingSessionHandler(s -> new RecordingStreamHandler()));
                    sessions[1] =
                        YamuxSession.create(
                            YamuxSession.Role.SERVER, FIXED, loop, alloc, toClient, serverHandler);
                    List<YamuxStream> opened = new ArrayList<>();
                    for (int i = 0; i < writers; i++) {
                      opened.add(sessions[0].openStream(new RecordingStreamHandler()));
                    }
                    return opened;
                  })
              .get(10, TimeUnit.SECONDS);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        YamuxStream stream = streams.get(w);
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        start.await();
                        for (int i = 0; i < perWriter; i++) {
                          // wait on each write: backpressure reaches this thread
                          stream.write(alloc.of(new byte[] {(byte) i, (byte) (i >> 8)})).join();
                        }
                        stream.closeWrite().join();
                      } catch (InterruptedException | CompletionException e) {
                        throw new AssertionError(e);
                      }
                    }));
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(10_000);
        assertFalse(t.isAlive());
      }
      List<byte[]> received =
          loop.submit(
                  () -> {
                    List<byte[]> out = new ArrayList<>();
                    for (int i = 0; i < writers; i++) {
                      assertTrue(serverHandler.inboundHandler(i).remoteClosed);
                      out.add(serverHandler.inboundHandler(i).bytes());
                    }
                    sessions[0].transportClosed();
                    sessions[1].transportClosed();
                    return out;
                  })
              .get(10, TimeUnit.SECONDS);
      byte[] expected = new byte[2 * perWriter];
      for (int i = 0; i < perWriter; i++) {
        expected[2 * i] = (byte) i;
        expected[2 * i + 1] = (byte) (i >> 8);
      }
      for (byte[] bytes : received) {
        assertArrayEquals(expected, bytes);
      }
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
