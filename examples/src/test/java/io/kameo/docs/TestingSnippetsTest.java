package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.test.ActorTestKit;
import io.kameo.test.FishingOutcome;
import io.kameo.test.KameoExtension;
import io.kameo.test.ManualClock;
import io.kameo.test.TestProbe;
import io.kameo.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/** The code of the guide's testing chapter (docs/guide/17-testing.md). */
@ExtendWith(KameoExtension.class)
class TestingSnippetsTest {

  record Reading(int celsius) {}

  record Alarm(int celsius) {}

  record Subscribe(Recipient<Object> subscriber) implements Message<Thermometer, Void> {}

  record Measure(int celsius) implements Message<Thermometer, Void> {}

  record Calibrate(int offset) implements Message<Thermometer, Void> {}

  /** Tells its subscribers each reading, and an alarm above 30 degrees. */
  static final class Thermometer implements Actor<Thermometer> {
    private final List<Recipient<Object>> subscribers = new ArrayList<>();
    private int offset;

    @Handler
    void subscribe(Subscribe msg) {
      subscribers.add(msg.subscriber());
    }

    @Handler
    void measure(Measure msg) {
      int celsius = msg.celsius() + offset;
      for (Recipient<Object> s : subscribers) {
        s.tell(new Reading(celsius));
        if (celsius > 30) {
          s.tell(new Alarm(celsius));
        }
      }
    }

    @Handler
    void calibrate(Calibrate msg) {
      if (Math.abs(msg.offset()) > 5) {
        throw new IllegalArgumentException("offset out of range: " + msg.offset());
      }
      offset = msg.offset();
    }
  }

  @Test
  void a_subscriber_gets_each_reading(ActorTestKit kit) {
    ActorRef<Thermometer> thermometer = kit.spawn(new Thermometer());
    TestProbe<Object> subscriber = kit.createProbe();
    thermometer.tell(new Subscribe(subscriber)); // a probe is a Recipient
    thermometer.tell(new Measure(21));

    subscriber.expectMessage(new Reading(21)); // waits at most 3 s
    subscriber.expectNoMessage(); // nothing else for 100 ms
  }

  @Test
  void expectations(ActorTestKit kit) {
    ActorRef<Thermometer> thermometer = kit.spawn(new Thermometer());
    TestProbe<Object> subscriber = kit.createProbe("subscriber");
    thermometer.tell(new Subscribe(subscriber));
    thermometer.tell(new Measure(31));
    thermometer.tell(new Measure(32));
    thermometer.tell(new Measure(20));

    Reading first = subscriber.expectMessageClass(Reading.class);
    Alarm alarm = subscriber.expectMessageClass(Alarm.class);
    subscriber.expectMessageThat(m -> m instanceof Reading r && r.celsius() > 30, "a hot reading");
    List<Object> next = subscriber.receiveMessages(2); // the second alarm, then Reading[20]
    assertEquals(31, first.celsius());
    assertEquals(31, alarm.celsius());
    assertEquals(List.of(new Alarm(32), new Reading(20)), next);
  }

  @Test
  void fishing(ActorTestKit kit) {
    ActorRef<Thermometer> thermometer = kit.spawn(new Thermometer());
    TestProbe<Object> subscriber = kit.createProbe();
    thermometer.tell(new Subscribe(subscriber));
    List.of(25, 28, 33).forEach(c -> thermometer.tell(new Measure(c)));

    List<Object> kept =
        subscriber.fishForMessage(
            m ->
                m instanceof Alarm
                    ? FishingOutcome.COMPLETE // stop fishing, keep it
                    : m instanceof Reading r && r.celsius() < 27
                        ? FishingOutcome.IGNORE // leave it out
                        : FishingOutcome.CONTINUE); // keep it, go on
    assertEquals(List.of(new Reading(28), new Reading(33), new Alarm(33)), kept);
  }

  record Quote(String currency) {}

  record Convert(String currency, double amount) implements Message<Converter, Double> {}

  /** Converts amounts at the rate a rates service answers. */
  static final class Converter implements Actor<Converter> {
    private final ReplyRecipient<Quote, Double> rates;

    Converter(ReplyRecipient<Quote, Double> rates) {
      this.rates = rates;
    }

    @Handler
    Double convert(Convert msg) {
      return msg.amount() * rates.ask(new Quote(msg.currency()));
    }
  }

  @Test
  void a_probe_that_answers_asks(ActorTestKit kit) {
    TestProbe<Quote> rates = kit.createProbe();
    ActorRef<Converter> converter = kit.spawn(new Converter(rates.replyingWith(quote -> 2.0)));

    assertEquals(20.0, converter.ask(new Convert("CHF", 10)));
    rates.expectMessage(new Quote("CHF")); // what the converter asked
  }

  @Test
  void an_expected_panic(ActorTestKit kit) {
    ActorRef<Thermometer> thermometer = kit.spawn(new Thermometer());
    thermometer.tell(new Calibrate(9));

    StopReason.Panicked panic = kit.expectStopped(thermometer, StopReason.Panicked.class);
    assertEquals("offset out of range: 9", panic.error().getMessage());
  }

  record Beat() implements Message<Heartbeat, Void> {}

  /** Beats once a second and tells the monitor each beat's number. */
  static final class Heartbeat implements Actor<Heartbeat> {
    private final Timers timers;
    private final Recipient<Integer> monitor;
    private int beats;

    Heartbeat(Timers timers, Recipient<Integer> monitor) {
      this.timers = timers; // Timers.system() in production, a manual clock's in tests
      this.monitor = monitor;
    }

    @Override
    public void onStart(ActorRef<Heartbeat> self) {
      timers.tellAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1), self, new Beat());
    }

    @Handler
    void beat(Beat msg) {
      monitor.tell(++beats);
    }
  }

  @Test
  void manual_time(ActorTestKit kit) {
    ManualClock clock = ManualClock.create();
    TestProbe<Integer> monitor = kit.createProbe();
    ActorRef<Heartbeat> heartbeat = kit.spawn(new Heartbeat(Timers.create(clock), monitor));
    heartbeat.waitForStartup(); // onStart has started the timer

    clock.advance(Duration.ofMillis(999)); // not yet
    monitor.expectNoMessage();
    clock.advance(Duration.ofMillis(1)); // the first beat is due: told before advance returns
    monitor.expectMessage(1);
    clock.advance(Duration.ofMinutes(1)); // 60 beats, in order, without waiting a minute
    assertEquals(60, monitor.receiveMessages(60).size());
  }

  @Test
  void a_handler_is_a_method() {
    Thermometer thermometer = new Thermometer(); // not spawned: no thread, no mailbox
    thermometer.calibrate(new Calibrate(2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> thermometer.calibrate(new Calibrate(9)));
    assertEquals("offset out of range: 9", e.getMessage());
  }

  @Test
  void without_the_extension() {
    try (ActorTestKit kit = ActorTestKit.create()) {
      TestProbe<Object> subscriber = kit.createProbe();
      kit.spawn(new Thermometer()).tell(new Subscribe(subscriber));
    } // stops both; throws AssertionFailedError if one ended badly
  }

  @Test
  void the_kit_fails_a_test_that_leaves_a_panicked_actor() {
    ActorTestKit kit = ActorTestKit.create();
    ActorRef<Thermometer> thermometer = kit.spawn(new Thermometer());
    thermometer.tell(new Calibrate(9));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, kit::close);
    assertTrue(
        e.getMessage()
            .endsWith(
                "Thermometer#"
                    + thermometer.id()
                    + " panicked unexpectedly: Panicked(HANDLER,"
                    + " java.lang.IllegalArgumentException: offset out of range: 9)"),
        e.getMessage());
  }
}
