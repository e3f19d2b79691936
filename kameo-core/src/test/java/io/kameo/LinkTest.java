package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.Handler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkTest {

  record Crash() implements Message<Node, Void> {}

  record Ping() implements Message<Node, String> {}

  record SpawnChild() implements Message<Node, ActorRef<Node>> {}

  static class Node implements Actor<Node> {
    final List<String> linkEvents = new CopyOnWriteArrayList<>();

    @Handler
    void crash(Crash msg) {
      throw new IllegalStateException("crash");
    }

    @Handler
    String ping(Ping msg) {
      return "pong";
    }

    @Handler
    ActorRef<Node> spawnChild(SpawnChild msg, Context<Node, ActorRef<Node>> ctx) {
      return ctx.spawnChild(new Node());
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Node> self, ActorId id, StopReason reason)
        throws Exception {
      linkEvents.add(id + ":" + reason.getClass().getSimpleName());
      return Actor.super.onLinkDied(self, id, reason);
    }
  }

  @Test
  void a_linked_actor_that_panics_stops_its_partner_with_link_died() {
    ActorRef<Node> a = Actor.spawn(new Node());
    ActorRef<Node> b = Actor.spawn(new Node());
    a.link(b);
    a.tell(new Crash());
    StopReason reason = b.waitForShutdown().reason();
    StopReason.LinkDied died = assertInstanceOf(StopReason.LinkDied.class, reason);
    assertEquals(a.id(), died.id());
    assertInstanceOf(StopReason.Panicked.class, died.reason());
  }

  @Test
  void a_linked_actor_that_stops_normally_leaves_its_partner_running() {
    Node bState = new Node();
    ActorRef<Node> a = Actor.spawn(new Node());
    ActorRef<Node> b = Actor.spawn(bState);
    a.link(b);
    a.stopGracefully();
    a.waitForShutdown();
    org.awaitility.Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> bState.linkEvents.contains(a.id() + ":Normal"));
    assertEquals("pong", b.ask(new Ping()));
  }

  @Test
  void linking_to_an_already_dead_actor_notifies_at_once() {
    ActorRef<Node> dead = Actor.spawn(new Node());
    dead.kill();
    dead.waitForShutdown();
    ActorRef<Node> alive = Actor.spawn(new Node());
    alive.link(dead);
    StopReason.LinkDied died =
        assertInstanceOf(StopReason.LinkDied.class, alive.waitForShutdown().reason());
    assertEquals(dead.id(), died.id());
    assertEquals(StopReason.KILLED, died.reason());
  }

  @Test
  void unlinked_actors_do_not_notify_each_other() {
    ActorRef<Node> a = Actor.spawn(new Node());
    ActorRef<Node> b = Actor.spawn(new Node());
    a.link(b);
    a.unlink(b);
    a.kill();
    a.waitForShutdown();
    assertEquals("pong", b.ask(new Ping()));
    assertTrue(b.isAlive());
  }

  @Test
  void spawn_child_links_the_child_to_its_parent() {
    ActorRef<Node> parent = Actor.spawn(new Node());
    ActorRef<Node> child = parent.ask(new SpawnChild());
    parent.kill();
    StopReason.LinkDied died =
        assertInstanceOf(StopReason.LinkDied.class, child.waitForShutdown().reason());
    assertEquals(parent.id(), died.id());
  }

  @Test
  void builder_links_before_start() {
    ActorRef<Node> supervisor = Actor.spawn(new Node());
    ActorRef<Node> worker = Actor.builder(new Node()).linkedTo(supervisor).spawn();
    worker.tell(new Crash());
    assertInstanceOf(StopReason.LinkDied.class, supervisor.waitForShutdown().reason());
  }

  @Test
  void an_actor_cannot_link_to_itself() {
    ActorRef<Node> a = Actor.spawn(new Node());
    assertThrows(IllegalArgumentException.class, () -> a.link(a));
  }

  /** A Node with an onStart, so it gets its runner at spawn; counts its starts. */
  static final class StartingNode extends Node {
    final List<String> starts = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(ActorRef<Node> self) {
      starts.add(Thread.currentThread().getName());
    }
  }

  @Test
  void spawning_linked_to_a_stopped_actor_tells_the_new_one_once_after_its_on_start()
      throws Exception {
    ActorRef<Node> gone = Actor.spawn(new Node());
    gone.tell(new Crash());
    gone.waitForShutdown();
    for (int i = 0; i < 50; i++) {
      StartingNode state = new StartingNode();
      ActorRef<Node> fresh = Actor.builder((Node) state).linkedTo(gone).spawn();
      StopReason.LinkDied died =
          assertInstanceOf(StopReason.LinkDied.class, fresh.waitForShutdown().reason());
      assertEquals(gone.id(), died.id());
      assertEquals(1, state.starts.size(), state.starts.toString());
      assertEquals(List.of(gone.id() + ":Panicked"), state.linkEvents);
    }
  }

  @Test
  void linking_two_stopped_actors_does_nothing_and_linking_to_one_tells_the_live_side() {
    ActorRef<Node> a = Actor.spawn(new Node());
    ActorRef<Node> b = Actor.spawn(new Node());
    a.stopGracefully();
    b.stopGracefully();
    a.waitForShutdown();
    b.waitForShutdown();
    a.link(b);
    Node state = new Node();
    ActorRef<Node> live = Actor.spawn(state);
    live.link(a);
    assertEquals("pong", live.ask(new Ping()), "a normal stop lets the live side go on");
    assertEquals(List.of(a.id() + ":Normal"), state.linkEvents);
  }
}
