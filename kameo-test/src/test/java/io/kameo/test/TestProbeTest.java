package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.ActorRef;
import io.kameo.ReplyRecipient;
import io.kameo.SendException;
import io.kameo.test.TestActors.Cache;
import io.kameo.test.TestActors.Get;
import io.kameo.test.TestActors.Load;
import io.kameo.test.TestActors.Measure;
import io.kameo.test.TestActors.Reading;
import io.kameo.test.TestActors.Sensor;
import io.kameo.test.TestActors.Subscribe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/** What a probe records and how each of its expectations passes and fails. */
@ExtendWith(KameoExtension.class)
class TestProbeTest {
  private static final Duration SHORT = Duration.ofMillis(50);

  /** What the probe's failure messages add after the time it waited. */
  private static final String AFTER_ELAPSED = " after \\d+(ms|(\\.\\d+)?s)";

  private static String prefix(TestProbe<?> probe) {
    return "probe#" + probe.id() + ": ";
  }

  @Test
  void a_probe_passed_as_a_recipient_records_what_an_actor_tells_it(ActorTestKit kit) {
    ActorRef<Sensor> sensor = kit.spawn(new Sensor());
    TestProbe<Reading> probe = kit.createProbe();
    sensor.tell(new Subscribe(probe));
    sensor.tell(new Measure(21));
    sensor.tell(new Measure(19));

    assertEquals(new Reading(21), probe.expectMessage(new Reading(21)));
    assertEquals(new Reading(19), probe.receiveMessage());
    probe.expectNoMessage();
  }

  @Test
  void expectations_by_class_and_by_predicate_return_the_message(ActorTestKit kit) {
    TestProbe<Object> probe = kit.createProbe();
    probe.tell(new Reading(30));
    probe.tell("text");

    Reading reading = probe.expectMessageClass(Reading.class);
    assertEquals(30, reading.celsius());
    assertEquals("text", probe.expectMessageThat(m -> m instanceof String, "a string"));
  }

  @Test
  void receive_messages_returns_the_next_n_in_the_order_one_sender_sent_them(ActorTestKit kit) {
    TestProbe<Integer> probe = kit.createProbe();
    for (int i = 0; i < 5; i++) {
      probe.tell(i);
    }
    assertEquals(List.of(0, 1, 2), probe.receiveMessages(3));
    assertEquals(List.of(3, 4), probe.receiveMessages(2));
    assertEquals(List.of(), probe.receiveMessages(0));
  }

  @Test
  void fishing_keeps_continued_and_completing_messages_and_drops_ignored_ones(ActorTestKit kit) {
    TestProbe<String> probe = kit.createProbe();
    List.of("progress 1", "heartbeat", "progress 2", "done", "after").forEach(probe::tell);

    List<String> fished =
        probe.fishForMessage(
            m ->
                switch (m) {
                  case "heartbeat" -> FishingOutcome.IGNORE;
                  case "done" -> FishingOutcome.COMPLETE;
                  default -> FishingOutcome.CONTINUE;
                });

    assertEquals(List.of("progress 1", "progress 2", "done"), fished);
    assertEquals("after", probe.receiveMessage(), "fishing stops at COMPLETE");
  }

  @Test
  void a_probe_as_a_reply_recipient_answers_asks_and_records_them(ActorTestKit kit) {
    TestProbe<Load> backend = kit.createProbe();
    ActorRef<Cache> cache = kit.spawn(new Cache(backend.replyingWith(load -> "v" + load.key())));

    assertEquals("v1", cache.ask(new Get(1)));
    assertEquals("v1", cache.ask(new Get(1)));
    backend.expectMessage(new Load(1));
    backend.expectNoMessage(); // the second get was served from the cache
  }

  @Test
  void an_answer_that_throws_fails_that_ask_and_the_probe_goes_on(ActorTestKit kit) {
    TestProbe<Load> backend = kit.createProbe();
    ReplyRecipient<Load, String> stub =
        backend.replyingWith(
            load -> {
              if (load.key() < 0) {
                throw new IllegalArgumentException("no key " + load.key());
              }
              return "v" + load.key();
            });

    SendException.HandlerFailed failed =
        assertThrows(SendException.HandlerFailed.class, () -> stub.ask(new Load(-1)));
    assertEquals("no key -1", failed.getCause().getMessage());
    assertEquals("v2", stub.ask(new Load(2)));
    assertEquals(List.of(new Load(-1), new Load(2)), backend.receiveMessages(2));
    stub.tell(new Load(3)); // a tell is recorded, not answered
    backend.expectMessage(new Load(3));
  }

  @Test
  void a_message_that_never_arrives_fails_saying_what_was_expected_and_how_long_it_waited(
      ActorTestKit kit) {
    TestProbe<Reading> probe = kit.createProbe();
    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> probe.expectMessage(new Reading(21), SHORT));
    assertEquals(
        prefix(probe) + "expected Reading[celsius=21] within 50ms but no message arrived",
        e.getMessage());

    e = assertThrows(AssertionFailedError.class, () -> probe.receiveMessage(SHORT));
    assertEquals(
        prefix(probe) + "expected a message within 50ms but no message arrived", e.getMessage());
  }

  @Test
  void another_message_than_expected_fails_naming_both_and_is_taken(ActorTestKit kit) {
    TestProbe<Reading> probe = kit.createProbe();
    probe.tell(new Reading(19));
    probe.tell(new Reading(21));

    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> probe.expectMessage(new Reading(21)));
    assertTrue(
        e.getMessage()
            .matches(
                prefix(probe)
                    + "expected Reading\\[celsius=21\\] but received Reading\\[celsius=19\\]"
                    + AFTER_ELAPSED),
        e.getMessage());
    assertEquals(new Reading(21), e.getExpected().getEphemeralValue());
    assertEquals(new Reading(19), e.getActual().getEphemeralValue());
    probe.expectMessage(new Reading(21)); // the wrong one was taken
  }

  @Test
  void a_message_of_another_class_or_failing_the_predicate_fails_naming_it(ActorTestKit kit) {
    TestProbe<Object> probe = kit.createProbe();
    probe.tell("text");
    probe.tell(new Reading(19));

    AssertionFailedError byClass =
        assertThrows(AssertionFailedError.class, () -> probe.expectMessageClass(Reading.class));
    assertTrue(
        byClass
            .getMessage()
            .matches(
                prefix(probe)
                    + "expected a message of class Reading but received text"
                    + AFTER_ELAPSED),
        byClass.getMessage());

    AssertionFailedError byPredicate =
        assertThrows(
            AssertionFailedError.class,
            () ->
                probe.expectMessageThat(
                    m -> m instanceof Reading r && r.celsius() > 20, "above 20"));
    assertTrue(
        byPredicate
            .getMessage()
            .matches(
                prefix(probe)
                    + "expected a message matching \"above 20\" but received Reading\\[celsius=19\\]"
                    + AFTER_ELAPSED),
        byPredicate.getMessage());
  }

  @Test
  void a_message_during_expect_no_message_fails_naming_it(ActorTestKit kit) {
    TestProbe<Reading> probe = kit.createProbe();
    probe.tell(new Reading(19));

    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class, () -> probe.expectNoMessage(Duration.ofSeconds(5)));
    assertTrue(
        e.getMessage()
            .matches(
                prefix(probe)
                    + "expected no message for 5s but received Reading\\[celsius=19\\]"
                    + AFTER_ELAPSED),
        e.getMessage());
  }

  @Test
  void too_few_messages_fail_listing_those_that_arrived(ActorTestKit kit) {
    TestProbe<Integer> probe = kit.createProbe();
    probe.tell(1);
    probe.tell(2);

    AssertionFailedError e =
        assertThrows(AssertionFailedError.class, () -> probe.receiveMessages(3, SHORT));
    assertEquals(
        prefix(probe) + "expected 3 messages within 50ms but received 2: [1, 2]", e.getMessage());
  }

  @Test
  void fishing_that_never_completes_fails_listing_what_arrived(ActorTestKit kit) {
    TestProbe<String> probe = kit.createProbe();
    probe.tell("a");
    probe.tell("b");

    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () -> probe.fishForMessage(m -> FishingOutcome.IGNORE, SHORT));
    assertEquals(
        prefix(probe)
            + "expected the fisher to complete within 50ms but it did not; received [a, b]",
        e.getMessage());
  }

  @Test
  void a_wait_stretched_by_the_time_factor_says_so() {
    try (ActorTestKit kit = ActorTestKit.create(TestKitSettings.defaults().withTimeFactor(2))) {
      TestProbe<Reading> probe = kit.createProbe("slow");
      AssertionFailedError e =
          assertThrows(
              AssertionFailedError.class,
              () -> probe.expectMessage(new Reading(1), Duration.ofMillis(25)));
      assertEquals(
          "slow#"
              + probe.id()
              + ": expected Reading[celsius=1] within 50ms (25ms x time factor 2) but no message"
              + " arrived",
          e.getMessage());
    }
  }

  @Test
  void a_probe_refuses_messages_once_its_kit_closed_and_hands_them_back() {
    TestProbe<Reading> probe;
    try (ActorTestKit kit = ActorTestKit.create()) {
      probe = kit.createProbe();
      assertTrue(probe.isAlive());
    }
    TestProbe<Reading> closed = probe;
    Reading reading = new Reading(5);
    SendException.ActorNotRunning e =
        assertThrows(SendException.ActorNotRunning.class, () -> closed.tell(reading));
    assertSame(reading, e.message().orElseThrow());
    assertEquals(closed.id(), e.actorId());
  }

  @Test
  void bad_arguments_are_refused_with_their_names(ActorTestKit kit) {
    TestProbe<Reading> probe = kit.createProbe();
    assertEquals(
        "n must not be negative: -1",
        assertThrows(IllegalArgumentException.class, () -> probe.receiveMessages(-1)).getMessage());
    assertEquals(
        "duration must not be negative: PT-1S",
        assertThrows(
                IllegalArgumentException.class, () -> probe.expectNoMessage(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "expected",
        assertThrows(NullPointerException.class, () -> probe.expectMessage(null)).getMessage());
  }
}
