package io.kameo.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.Actor;
import io.kameo.Context;
import io.kameo.DelegatedReply;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.spi.RemoteMessages.Entry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the generated tables of real actors, compiled by this build's processor, register: looking
 * an actor class up loads its table, whose static initializer registers the remote entries.
 */
class RemoteActorRegistrationTest {

  abstract static class Named<A extends Named<A>> implements Actor<A> {
    record Name() implements Message<Named<?>, String> {}

    @Handler
    @RemoteMessage("3f0d5a52-6c1e-4f43-8c1b-6f1ad8a1e7a2")
    String name(Name n) {
      return "named";
    }
  }

  @RemoteActor("registration-test.counter")
  static final class Counter extends Named<Counter> {
    record Inc(long amount) implements Message<Counter, Long> {}

    sealed interface Cmd extends Message<Counter, String> permits Get, Stop {}

    record Get() implements Cmd {}

    record Stop() implements Cmd {}

    record Reset() implements Message<Counter, Void> {}

    record Later() implements Message<Counter, Integer> {}

    record Names() implements Message<Counter, List<String>> {}

    record Local() implements Message<Counter, Long> {}

    long count;

    @Handler
    @RemoteMessage("inc")
    long inc(Inc m) {
      return count += m.amount();
    }

    @Handler
    @RemoteMessage("cmd")
    String cmd(Cmd c) {
      return "cmd";
    }

    @Handler
    @RemoteMessage("get")
    String get(Get g) {
      return "get";
    }

    @Handler
    @RemoteMessage("reset")
    void reset(Reset r) {
      count = 0;
    }

    @Handler
    @RemoteMessage("later")
    DelegatedReply<Integer> later(Later l, Context<Counter, Integer> ctx) {
      return ctx.delegate();
    }

    @Handler
    @RemoteMessage("names")
    List<String> names(Names n) {
      return List.of();
    }

    @Handler
    long local(Local l) {
      return count;
    }
  }

  @RemoteActor
  static class Open implements Actor<Open> {
    record Ping() implements Message<Open, String> {}

    @Handler
    @RemoteMessage("ping")
    String ping(Ping p) {
      return "pong";
    }
  }

  static final class NotRemote implements Actor<NotRemote> {
    record Ping() implements Message<NotRemote, String> {}

    @Handler
    String ping(Ping p) {
      return "pong";
    }
  }

  private static final String COUNTER = "registration-test.counter";

  @Test
  void actor_id_of_a_remote_actor_comes_from_its_generated_table() {
    assertEquals(Optional.of(COUNTER), RemoteMessages.actorId(Counter.class));
  }

  @Test
  void default_actor_id_is_the_binary_name() {
    assertEquals(
        Optional.of("io.kameo.spi.RemoteActorRegistrationTest$Open"),
        RemoteMessages.actorId(Open.class));
  }

  @Test
  void each_remote_handler_is_found_by_its_message_class_with_its_erased_reply_class() {
    assertEquals(entry("inc", Counter.Inc.class, Long.class), find(Counter.Inc.class));
    assertEquals(entry("get", Counter.Get.class, String.class), find(Counter.Get.class));
    assertEquals(entry("reset", Counter.Reset.class, Void.class), find(Counter.Reset.class));
    assertEquals(entry("later", Counter.Later.class, Integer.class), find(Counter.Later.class));
    assertEquals(entry("names", Counter.Names.class, List.class), find(Counter.Names.class));
  }

  @Test
  void inherited_remote_handler_is_registered_under_the_concrete_class() {
    assertEquals(
        entry("3f0d5a52-6c1e-4f43-8c1b-6f1ad8a1e7a2", Named.Name.class, String.class),
        find(Named.Name.class));
  }

  @Test
  void message_without_its_own_remote_handler_gets_the_most_specific_one() {
    assertEquals(entry("cmd", Counter.Cmd.class, String.class), find(Counter.Stop.class));
    assertEquals(entry("get", Counter.Get.class, String.class), find(Counter.Get.class));
  }

  @Test
  void message_of_a_local_handler_has_no_entry() {
    assertEquals(Optional.empty(), RemoteMessages.find(Counter.class, Counter.Local.class));
    assertEquals(Optional.empty(), RemoteMessages.find(Counter.class, String.class));
  }

  @Test
  void incoming_ids_find_the_entry_once_the_class_is_loaded() {
    RemoteMessages.actorId(Counter.class); // as spawning the actor would
    assertEquals(
        Optional.of(entry("inc", Counter.Inc.class, Long.class)),
        RemoteMessages.find(COUNTER, "inc"));
    assertEquals(Optional.empty(), RemoteMessages.find(COUNTER, "no-such-message"));
  }

  @Test
  void anonymous_subclass_uses_the_remote_actor_it_extends() {
    Open anonymous = new Open() {};
    assertEquals(
        Optional.of("io.kameo.spi.RemoteActorRegistrationTest$Open"),
        RemoteMessages.actorId(anonymous.getClass()));
    Entry entry = RemoteMessages.find(anonymous.getClass(), Open.Ping.class).orElseThrow();
    assertEquals(Open.class, entry.actorClass());
    assertEquals("ping", entry.messageId());
  }

  @Test
  void actor_without_remote_actor_is_not_remote() {
    assertEquals(Optional.empty(), RemoteMessages.actorId(NotRemote.class));
    assertEquals(Optional.empty(), RemoteMessages.find(NotRemote.class, NotRemote.Ping.class));
  }

  private static Entry find(Class<?> messageClass) {
    return RemoteMessages.find(Counter.class, messageClass).orElseThrow();
  }

  private static Entry entry(String messageId, Class<?> messageClass, Class<?> replyClass) {
    return new Entry(Counter.class, COUNTER, messageId, messageClass, replyClass);
  }
}
