package io.kameo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.SendException;
import io.kameo.stream.StreamsTest.Sink;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streams attached while their actor stops or while they are cancelled: always closed once. */
class StreamRacesTest {
  private static final int ROUNDS = Integer.getInteger("kameo.test.streamRaceRounds", 200);

  /**
   * An endless stream is attached while another thread kills or stops its slow actor. Whether the
   * attach was refused or the stream ran, the stream is closed exactly once and the attachment
   * ends; a refusal is ActorNotRunning, and a stream that ran ends with ActorNotRunning too.
   */
  @Test
  void a_stream_attached_while_its_actor_stops_is_closed_exactly_once() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Sink sink = new Sink(ThreadLocalRandom.current().nextInt(8));
      ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(4)).spawn();
      AtomicInteger closes = new AtomicInteger();
      Stream<Integer> endless = Stream.iterate(0, i -> i + 1).onClose(closes::incrementAndGet);
      boolean kill = ThreadLocalRandom.current().nextBoolean();
      Thread stopper = Thread.ofPlatform().start(kill ? ref::kill : ref::stopGracefully);
      AttachedStream attached = null;
      try {
        attached = Streams.attach(ref, endless, "s", "f");
      } catch (SendException.ActorNotRunning e) {
        assertEquals(1, closes.get(), "round " + round + ": a refused stream is closed");
      }
      stopper.join();
      if (!kill) {
        sink.gate.release(Integer.MAX_VALUE / 2); // a graceful stop drains what was queued
      }
      ref.waitForShutdown();
      if (attached != null) {
        AttachedStream ran = attached;
        CompletionException ended =
            assertThrows(
                CompletionException.class,
                () -> ran.completion().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join(),
                "round " + round);
        if (ended.getCause() instanceof TimeoutException) {
          throw new AssertionError("round " + round + ": the stream did not end", ended);
        }
        assertInstanceOf(SendException.ActorNotRunning.class, ended.getCause(), "round " + round);
      }
      assertEquals(1, closes.get(), "round " + round + ": closed once");
    }
  }

  /** Cancel races a short stream's natural end: completion is decided once, the close runs once. */
  @Test
  void cancel_racing_the_end_of_a_stream_completes_it_once_and_closes_it_once() {
    for (int round = 0; round < ROUNDS; round++) {
      Sink sink = new Sink(Integer.MAX_VALUE / 2);
      ActorRef<Sink> ref = Actor.spawn(sink);
      AtomicInteger closes = new AtomicInteger();
      int items = ThreadLocalRandom.current().nextInt(4);
      Stream<Integer> shortOne =
          Stream.iterate(0, i -> i + 1).limit(items).onClose(closes::incrementAndGet);
      AttachedStream attached = Streams.attach(ref, shortOne, "s", "f");
      attached.cancel();
      try {
        attached.completion().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        // it ended before the cancel: Finished was queued
      } catch (CompletionException e) {
        assertInstanceOf(CancellationException.class, e.getCause(), "round " + round);
      }
      assertEquals(1, closes.get(), "round " + round + ": closed once");
      assertFalse(attached.isActive());
      ref.kill();
    }
  }
}
