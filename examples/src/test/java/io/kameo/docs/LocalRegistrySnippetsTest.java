package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.registry.ActorRegistry;
import io.kameo.registry.NameTakenException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/14-registry.md, run. */
class LocalRegistrySnippetsTest {
  record Greet(String who) implements Message<Greeter, String> {}

  static final class Greeter implements Actor<Greeter> {
    @Handler
    String greet(Greet msg) {
      return "hello " + msg.who();
    }
  }

  @Test
  void register_and_lookup() {
    ActorRegistry registry = ActorRegistry.create(); // or ActorRegistry.global(), process-wide
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    registry.register(counter, "counter");

    Optional<ActorRef<Counter>> found = registry.lookup("counter", Counter.class);
    long count = found.orElseThrow().ask(new Inc(1)); // 1
    assertEquals(1, count);
    assertSame(counter, found.get());

    String holder = null;
    try {
      registry.register(Actor.spawn(new Counter()), "counter");
    } catch (NameTakenException e) {
      holder = e.holder() + " keeps " + e.name(); // an error, never an overwrite
    }
    assertEquals(counter.id() + " keeps counter", holder);

    ClassCastException wrongType =
        assertThrows(ClassCastException.class, () -> registry.lookup("counter", Greeter.class));
    assertTrue(wrongType.getMessage().endsWith("not a " + Greeter.class.getName()));

    counter.stopGracefully();
    counter.waitForShutdown(); // the entry is gone before this returns
    boolean gone = registry.lookup("counter", Counter.class).isEmpty(); // true: the name is free
    registry.register(Actor.spawn(new Counter()), "counter"); // so this succeeds
    assertTrue(gone);
  }

  @Test
  void global_and_private_registries() {
    ActorRef<Greeter> greeter = Actor.spawn(new Greeter());
    String name = "greeter-" + greeter.id(); // unique: other tests share the global registry

    ActorRegistry.global().register(greeter, name); // process-wide
    ActorRegistry mine = ActorRegistry.create(); // independent: sees none of global()'s names
    boolean unseen = mine.lookup(name, Greeter.class).isEmpty(); // true
    String reply =
        ActorRegistry.global().lookup(name, Greeter.class).orElseThrow().ask(new Greet("you"));
    ActorRegistry.global().unregister(name); // the actor keeps running

    assertTrue(unseen);
    assertEquals("hello you", reply);
    assertTrue(ActorRegistry.global().lookup(name, Greeter.class).isEmpty());
    assertTrue(greeter.isAlive());
  }
}
