package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.ChildSpec;
import io.kameo.ControlFlow;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.RestartPolicy;
import io.kameo.SendException;
import io.kameo.StopReason;
import io.kameo.SupervisionStrategy;
import io.kameo.Supervisor;
import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/13-supervision.md, run. */
class SupervisionSnippetsTest {
  record Parse(String line) implements Message<Parser, Integer> {}

  /** Parses numbers; its cache is state a restart throws away. */
  static final class Parser implements Actor<Parser> {
    private int parsed;

    @Handler
    int parse(Parse m) {
      parsed++;
      return Integer.parseInt(m.line()); // throws on bad input: the parser fails
    }
  }

  record Tick() implements Message<Clock, Void> {}

  static final class Clock implements Actor<Clock> {
    @Handler
    void tick(Tick t) {}
  }

  record Heard() implements Message<Alarm, CompletableFuture<StopReason>> {}

  /** Hears of its link's final stop. */
  static final class Alarm implements Actor<Alarm> {
    final CompletableFuture<StopReason> heard = new CompletableFuture<>();

    @Handler
    CompletableFuture<StopReason> heard(Heard h) {
      return heard;
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Alarm> self, ActorId id, StopReason reason) {
      heard.complete(reason);
      return ControlFlow.CONTINUE;
    }
  }

  @Test
  void a_supervisor_restarts_a_failed_child_in_place() {
    ActorRef<Supervisor> supervisor =
        Supervisor.builder()
            .strategy(SupervisionStrategy.ONE_FOR_ONE) // the default
            .maxRestarts(5, Duration.ofSeconds(5)) // the default
            .spawn();
    ActorRef<Parser> parser = Supervisor.spawnChild(supervisor, ChildSpec.of(Parser::new));

    parser.tell(new Parse("not a number")); // the parser fails; its supervisor restarts it
    int n = parser.ask(new Parse("42")); // the same reference reaches the new instance
    assertEquals(42, n);

    supervisor.stopGracefully(); // stops the parser first, then itself
    supervisor.waitForShutdown();
    assertEquals(StopReason.NORMAL, parser.waitForShutdown().reason());
  }

  @Test
  void child_specs_set_the_policy_and_the_spawn_options() {
    ActorRef<Supervisor> supervisor = Supervisor.builder().spawn();
    ChildSpec<Parser> spec =
        ChildSpec.of(Parser::new)
            .restart(RestartPolicy.TRANSIENT) // not restarted after a normal stop
            .options(b -> b.name("parser").mailbox(Mailbox.bounded(100)));
    ActorRef<Parser> parser = Supervisor.spawnChild(supervisor, spec);
    assertEquals("parser", parser.name());
    supervisor.stopGracefully();
    supervisor.waitForShutdown();
  }

  @Test
  void the_failed_ask_says_a_retry_is_safe() {
    ActorRef<Supervisor> supervisor = Supervisor.builder().spawn();
    ActorRef<Parser> parser = Supervisor.spawnChild(supervisor, ChildSpec.of(Parser::new));
    String line = "x";
    int value;
    try {
      value = parser.ask(new Parse(line));
    } catch (SendException.Restarted e) {
      // The parser failed on this message and was restarted with fresh state: retry, or give up.
      value = parser.ask(new Parse("0"));
    }
    assertEquals(0, value);
    supervisor.stopGracefully();
    supervisor.waitForShutdown();
  }

  @Test
  void supervisors_nest_into_trees_and_escalate() throws Exception {
    Supervisor.Builder workers =
        Supervisor.builder()
            .strategy(SupervisionStrategy.REST_FOR_ONE)
            .maxRestarts(1, Duration.ofSeconds(5))
            .child(ChildSpec.of(Clock::new)) // started first
            .child(ChildSpec.of(Parser::new)); // restarted whenever the clock is
    ActorRef<Supervisor> root =
        Supervisor.builder()
            .maxRestarts(0, Duration.ofSeconds(5)) // give up on the first escalation
            .child(ChildSpec.of(workers::build)) // a supervisor as a child: its factory
            .spawn();
    ActorRef<Alarm> alarm = Actor.spawn(new Alarm());
    alarm.link(root);

    ActorRef<?> workersRef = Supervisor.children(root).get(0);
    @SuppressWarnings("unchecked")
    ActorRef<Supervisor> pool = (ActorRef<Supervisor>) workersRef;
    @SuppressWarnings("unchecked")
    ActorRef<Parser> parser = (ActorRef<Parser>) Supervisor.children(pool).get(1);
    parser.tell(new Parse("a")); // restarted by its supervisor
    parser.tell(new Parse("b")); // past its limit: the pool gives up, and then the root

    StopReason reason = alarm.ask(new Heard()).get(10, TimeUnit.SECONDS);
    StopReason.LinkDied rootStop = assertInstanceOf(StopReason.LinkDied.class, reason);
    assertEquals(pool.id(), rootStop.id());
    StopReason.LinkDied poolStop = assertInstanceOf(StopReason.LinkDied.class, rootStop.reason());
    assertEquals(parser.id(), poolStop.id());
    assertTrue(List.of(root, pool, parser).stream().noneMatch(ActorRef::isAlive));
    alarm.stopGracefully();
  }
}
