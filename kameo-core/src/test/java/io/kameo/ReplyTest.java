package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ReplyTest {

  record Later(String text) implements Message<Delegator, String> {}

  record Drop() implements Message<Delegator, String> {}

  record Route(String text) implements Message<Delegator, String> {}

  record Upper(String text) implements Message<Shouter, String> {}

  record Piped(String value) implements Message<Delegator, Void> {}

  record Load(CompletableFuture<String> source) implements Message<Delegator, Void> {}

  record LastPiped() implements Message<Delegator, String> {}

  static final class Shouter implements Actor<Shouter> {
    @Handler
    String upper(Upper msg) {
      return msg.text().toUpperCase();
    }
  }

  static final class Delegator implements Actor<Delegator> {
    final ActorRef<Shouter> shouter;
    String lastPiped = "";

    Delegator(ActorRef<Shouter> shouter) {
      this.shouter = shouter;
    }

    @Handler
    DelegatedReply<String> later(Later msg, Context<Delegator, String> ctx) {
      DelegatedReply<String> reply = ctx.delegate();
      reply
          .sender()
          .ifPresent(sender -> Thread.ofVirtual().start(() -> sender.send("later " + msg.text())));
      return reply;
    }

    @Handler
    DelegatedReply<String> drop(Drop msg, Context<Delegator, String> ctx) {
      return ctx.delegate(); // the reply sender is never used
    }

    @Handler
    DelegatedReply<String> route(Route msg, Context<Delegator, String> ctx) {
      return ctx.forward(shouter, new Upper(msg.text()));
    }

    @Handler
    void load(Load msg, Context<Delegator, Void> ctx) {
      ctx.pipeToSelf(msg.source(), (value, error) -> new Piped(error == null ? value : "failed"));
    }

    @Handler
    void piped(Piped msg) {
      lastPiped = msg.value();
    }

    @Handler
    String lastPiped(LastPiped msg) {
      return lastPiped;
    }
  }

  private static ActorRef<Delegator> delegator() {
    return Actor.spawn(new Delegator(Actor.spawn(new Shouter())));
  }

  @Test
  void a_delegated_reply_is_sent_from_another_thread() {
    assertEquals("later x", delegator().ask(new Later("x")));
  }

  @Test
  void a_forwarded_message_is_answered_by_the_target_directly() {
    assertEquals("ABC", delegator().ask(new Route("abc")));
  }

  @Test
  void forwarding_to_a_stopped_actor_fails_the_original_ask() {
    ActorRef<Shouter> shouter = Actor.spawn(new Shouter());
    shouter.stopGracefully();
    shouter.waitForShutdown();
    ActorRef<Delegator> delegator = Actor.spawn(new Delegator(shouter));
    assertThrows(SendException.ActorNotRunning.class, () -> delegator.ask(new Route("abc")));
    assertTrue(delegator.isAlive());
  }

  @Test
  void a_dropped_reply_sender_fails_the_ask_instead_of_hanging() {
    CompletableFuture<String> reply = delegator().askAsync(new Drop());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              System.gc();
              return reply.isDone();
            });
    ExecutionException e = assertThrows(ExecutionException.class, reply::get);
    SendException.HandlerFailed failed =
        assertInstanceOf(SendException.HandlerFailed.class, e.getCause());
    assertTrue(failed.getCause().getMessage().contains("dropped"), failed.getMessage());
  }

  @Test
  void pipe_to_self_delivers_the_result_as_a_message() {
    ActorRef<Delegator> actor = delegator();
    CompletableFuture<String> source = new CompletableFuture<>();
    actor.tell(new Load(source));
    source.complete("value");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> actor.ask(new LastPiped()).equals("value"));
  }

  @Test
  void pipe_to_self_delivers_failures_too() {
    ActorRef<Delegator> actor = delegator();
    CompletableFuture<String> source = new CompletableFuture<>();
    actor.tell(new Load(source));
    source.completeExceptionally(new RuntimeException("x"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> actor.ask(new LastPiped()).equals("failed"));
  }

  @Test
  void recipients_erase_the_actor_type() throws Exception {
    ActorRef<Shouter> shouter = Actor.spawn(new Shouter());
    ReplyRecipient<Upper, String> recipient = shouter.replyRecipient();
    Recipient<Upper> tellOnly = shouter.recipient();
    assertEquals("HI", recipient.ask(new Upper("hi")));
    assertEquals("YO", recipient.askAsync(new Upper("yo")).get(10, TimeUnit.SECONDS));
    tellOnly.tell(new Upper("ignored reply"));
    assertEquals(shouter.id(), tellOnly.id());
    assertTrue(tellOnly.isAlive());
  }

  @Test
  void weak_refs_upgrade_only_while_the_actor_is_alive() {
    ActorRef<Shouter> shouter = Actor.spawn(new Shouter());
    WeakActorRef<Shouter> weak = shouter.downgrade();
    assertEquals(shouter, weak.upgrade().orElseThrow());
    shouter.stopGracefully();
    shouter.waitForShutdown();
    assertFalse(weak.upgrade().isPresent());
    assertFalse(weak.isAlive());
    assertEquals(shouter.id(), weak.id());
  }
}
