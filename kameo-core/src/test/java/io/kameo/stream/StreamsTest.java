package io.kameo.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streams, iterators and publishers attached to actors, with the mailbox's backpressure. */
class StreamsTest {
  private static final int LOTS = Integer.MAX_VALUE / 2;

  /** Records what it receives; each item waits for a permit of {@code gate} (a slow actor). */
  static final class Sink implements Actor<Sink> {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Semaphore gate;
    final AtomicInteger handled = new AtomicInteger();

    Sink(int permits) {
      this.gate = new Semaphore(permits);
    }

    @Handler
    void on(StreamMessage<Integer, String, String> msg) throws InterruptedException {
      switch (msg) {
        case StreamMessage.Started<Integer, String, String> s -> events.add("started " + s.value());
        case StreamMessage.Next<Integer, String, String> n -> {
          gate.acquire();
          events.add(String.valueOf(n.item()));
          handled.incrementAndGet();
        }
        case StreamMessage.Finished<Integer, String, String> f ->
            events.add("finished " + f.value());
        case StreamMessage.Failed<Integer, String, String> f ->
            events.add("failed " + f.value() + ": " + f.error().getMessage());
      }
    }
  }

  record Other() implements Message<Deaf, Void> {}

  /** Handles no stream messages. */
  static final class Deaf implements Actor<Deaf> {
    @Handler
    void other(Other msg) {}
  }

  @Test
  void an_iterator_is_told_as_started_each_item_and_finished_in_order() {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.spawn(sink);
    AttachedStream attached = Streams.attach(ref, List.of(1, 2, 3).iterator(), "a", "z");

    attached.completion().toCompletableFuture().join();
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 5);
    assertEquals(List.of("started a", "1", "2", "3", "finished z"), sink.events);
    assertFalse(attached.isActive());
  }

  @Test
  void two_streams_to_one_actor_are_told_apart_by_their_start_and_finish_values() {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.spawn(sink);
    AttachedStream odd = Streams.attach(ref, Stream.of(1, 3), "odd", "odd");
    AttachedStream even = Streams.attach(ref, Stream.of(2, 4), "even", "even");
    odd.completion().toCompletableFuture().join();
    even.completion().toCompletableFuture().join();

    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 8);
    List<String> events = sink.events;
    assertTrue(events.indexOf("started odd") < events.indexOf("1"));
    assertTrue(events.indexOf("1") < events.indexOf("3"));
    assertTrue(events.indexOf("3") < events.indexOf("finished odd"));
    assertTrue(events.indexOf("started even") < events.indexOf("2"));
    assertTrue(events.indexOf("4") < events.indexOf("finished even"));
  }

  @Test
  void a_stream_is_pulled_only_as_the_mailbox_takes_its_items_and_is_closed_at_the_end()
      throws Exception {
    Sink sink = new Sink(0); // holds the first item until the test lets it go
    ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(4)).spawn();
    AtomicInteger pulled = new AtomicInteger();
    AtomicInteger maxAhead = new AtomicInteger();
    CountDownLatch closed = new CountDownLatch(1);
    Stream<Integer> items =
        IntStream.range(0, 50)
            .boxed()
            .peek(
                i -> {
                  int ahead = pulled.incrementAndGet() - sink.handled.get();
                  maxAhead.accumulateAndGet(ahead, Math::max);
                })
            .onClose(closed::countDown);
    AttachedStream attached = Streams.attach(ref, items, "s", "f");

    // one item in the handler, four in the mailbox, one waiting in tell: six pulled, no more
    await().atMost(10, TimeUnit.SECONDS).until(() -> pulled.get() == 6);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> pulled.get() == 6);
    assertEquals(1, closed.getCount(), "not closed while it runs");

    sink.gate.release(LOTS);
    attached.completion().toCompletableFuture().join();
    assertTrue(closed.await(10, TimeUnit.SECONDS), "the stream was closed when it ended");
    assertEquals(50, pulled.get());
    assertTrue(maxAhead.get() <= 6, "pulled " + maxAhead.get() + " ahead of the handler");
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 52);
    assertEquals("finished f", sink.events.get(51));
  }

  /** Emits up to the demand it was given, synchronously inside request(n), and records each n. */
  static final class RecordingPublisher implements Flow.Publisher<Integer> {
    final int total;
    final Throwable failAtEnd;
    final boolean ignoreDemand;
    final List<Long> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicInteger maxAhead = new AtomicInteger();
    final Sink sink;

    RecordingPublisher(int total, Throwable failAtEnd, boolean ignoreDemand, Sink sink) {
      this.total = total;
      this.failAtEnd = failAtEnd;
      this.ignoreDemand = ignoreDemand;
      this.sink = sink;
    }

    long requested() {
      return requests.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            int next;
            boolean done;

            @Override
            public void request(long n) {
              requests.add(n);
              maxAhead.accumulateAndGet((int) (requested() - sink.handled.get()), Math::max);
              long emit = ignoreDemand ? total : n;
              for (long i = 0; i < emit && next < total && !done; i++) {
                subscriber.onNext(next++);
              }
              if (next == total && !done) {
                done = true;
                if (failAtEnd != null) {
                  subscriber.onError(failAtEnd);
                } else {
                  subscriber.onComplete();
                }
              }
            }

            @Override
            public void cancel() {
              done = true;
              cancelled.countDown();
            }
          });
    }
  }

  @Test
  void a_publisher_is_asked_only_for_what_a_mailbox_of_4_can_take_while_the_actor_is_slow() {
    Sink sink = new Sink(0);
    ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(4)).spawn();
    RecordingPublisher publisher = new RecordingPublisher(40, null, false, sink);
    AttachedStream attached = Streams.attach(ref, publisher, "s", "f");

    // request(4) at first; then one per item the mailbox took: the one in the handler and four
    // queued. The fifth is waiting for room, three more are buffered: 9 requested, no more.
    await().atMost(10, TimeUnit.SECONDS).until(() -> publisher.requested() == 9);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> publisher.requested() == 9);
    assertEquals(List.of(4L, 1L, 1L, 1L, 1L, 1L), publisher.requests);

    sink.gate.release(LOTS);
    attached.completion().toCompletableFuture().join();
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 42);
    List<String> expected = new ArrayList<>(List.of("started s"));
    IntStream.range(0, 40).forEach(i -> expected.add(String.valueOf(i)));
    expected.add("finished f");
    assertEquals(expected, sink.events);
    assertEquals(4L, publisher.requests.get(0));
    assertTrue(publisher.requests.stream().skip(1).allMatch(n -> n == 1));
    assertTrue(publisher.maxAhead.get() <= 4 + 4 + 1, "requested ahead: " + publisher.maxAhead);
  }

  @Test
  void a_publisher_error_is_told_as_failed_after_its_items_and_the_actor_keeps_running() {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.spawn(sink);
    RecordingPublisher publisher =
        new RecordingPublisher(2, new IllegalStateException("disk gone"), false, sink);
    Streams.attach(ref, publisher, "s", "f").completion().toCompletableFuture().join();

    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 4);
    assertEquals(List.of("started s", "0", "1", "failed f: disk gone"), sink.events);
    assertTrue(ref.isAlive());
  }

  @Test
  void a_publisher_that_sends_more_than_requested_fails_the_stream_and_is_cancelled()
      throws Exception {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(4)).spawn();
    RecordingPublisher greedy = new RecordingPublisher(10, null, true, sink);
    Streams.attach(ref, greedy, "s", "f").completion().toCompletableFuture().join();

    assertTrue(greedy.cancelled.await(10, TimeUnit.SECONDS));
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 6);
    assertEquals(
        List.of(
            "started s",
            "0",
            "1",
            "2",
            "3",
            "failed f: the publisher sent more items than were requested (rule 1.1)"),
        sink.events);
  }

  @Test
  void an_iterator_that_throws_is_told_as_failed() {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.spawn(sink);
    Iterator<Integer> failing =
        new Iterator<>() {
          int n;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            if (n == 2) {
              throw new IllegalStateException("source broke");
            }
            return n++;
          }
        };
    Streams.attach(ref, failing, "s", "f").completion().toCompletableFuture().join();
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 4);
    assertEquals(List.of("started s", "0", "1", "failed f: source broke"), sink.events);
  }

  @Test
  void a_jdk_submission_publisher_is_delivered_completely() {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(2)).spawn();
    AttachedStream attached;
    try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
      attached = Streams.attach(ref, publisher, "s", "f");
      assertEquals(1, publisher.getNumberOfSubscribers(), "subscribed before attach returned");
      for (int i = 0; i < 200; i++) {
        publisher.submit(i);
      }
    }
    attached.completion().toCompletableFuture().join();
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 202);
    assertEquals("199", sink.events.get(200));
    assertEquals("finished f", sink.events.get(201));
  }

  @Test
  void the_actor_stopping_cancels_the_subscription_and_closes_the_stream() throws Exception {
    Sink sink = new Sink(0);
    ActorRef<Sink> ref = Actor.builder(sink).mailbox(Mailbox.bounded(4)).spawn();
    RecordingPublisher publisher = new RecordingPublisher(LOTS, null, false, sink);
    CountDownLatch closed = new CountDownLatch(1);
    Stream<Integer> endless = Stream.iterate(0, i -> i + 1).onClose(closed::countDown);
    // the publisher first, until the mailbox is full of its items: attached together, the
    // endless stream may fill the mailbox first and hold the publisher's Started back
    AttachedStream fromPublisher = Streams.attach(ref, publisher, "p", "p");
    await().atMost(10, TimeUnit.SECONDS).until(() -> publisher.requested() >= 4);
    AttachedStream fromStream = Streams.attach(ref, endless, "s", "s");

    ref.kill();
    ref.waitForShutdown();
    assertTrue(publisher.cancelled.await(10, TimeUnit.SECONDS), "subscription cancelled");
    assertTrue(closed.await(10, TimeUnit.SECONDS), "stream closed");
    for (AttachedStream attached : List.of(fromPublisher, fromStream)) {
      CompletionException failed =
          assertThrows(
              CompletionException.class, () -> attached.completion().toCompletableFuture().join());
      assertInstanceOf(SendException.ActorNotRunning.class, failed.getCause());
      assertFalse(attached.isActive());
    }
  }

  @Test
  void cancel_stops_the_stream_without_finished_and_closes_it() throws Exception {
    Sink sink = new Sink(LOTS);
    ActorRef<Sink> ref = Actor.spawn(sink);
    CountDownLatch closed = new CountDownLatch(1);
    CountDownLatch pulledTwo = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    Stream<Integer> stalls =
        Stream.iterate(0, i -> i + 1)
            .peek(
                i -> {
                  pulledTwo.countDown();
                  if (i == 2) {
                    try {
                      never.await(); // a source that blocks: the cancel's interrupt ends it
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      throw new IllegalStateException("interrupted", e);
                    }
                  }
                })
            .onClose(closed::countDown);
    AttachedStream attached = Streams.attach(ref, stalls, "s", "f");
    assertTrue(pulledTwo.await(10, TimeUnit.SECONDS));
    await().atMost(10, TimeUnit.SECONDS).until(() -> sink.events.size() == 3);

    attached.cancel();
    assertTrue(closed.await(10, TimeUnit.SECONDS));
    CompletionException failed =
        assertThrows(
            CompletionException.class, () -> attached.completion().toCompletableFuture().join());
    assertInstanceOf(CancellationException.class, failed.getCause());
    assertEquals(List.of("started s", "0", "1"), sink.events, "no failure, no finish");
    assertTrue(ref.isAlive());
    attached.cancel(); // again: nothing happens
  }

  @Test
  void attaching_to_an_actor_without_stream_handlers_or_a_stopped_one_is_refused() {
    ActorRef<Deaf> deaf = Actor.spawn(new Deaf());
    IllegalArgumentException unhandled =
        assertThrows(
            IllegalArgumentException.class, () -> Streams.attach(deaf, Stream.of(1), "s", "f"));
    assertTrue(unhandled.getMessage().contains("has no handler for"), unhandled.getMessage());

    ActorRef<Sink> stopped = Actor.spawn(new Sink(LOTS));
    stopped.kill();
    stopped.waitForShutdown();
    assertThrows(
        SendException.ActorNotRunning.class,
        () -> Streams.attach(stopped, List.of(1).iterator(), "s", "f"));

    ActorRef<Sink> live = Actor.spawn(new Sink(LOTS));
    Stream<Integer> used = Stream.of(1);
    used.count();
    assertThrows(IllegalStateException.class, () -> Streams.attach(live, used, "s", "f"));
  }
}
