package io.kameo.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.spi.RemoteMessages.Entry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The registry's rules, with entries registered by hand. The registry is global: every test uses
 * its own classes and ids. {@code RemoteActorRegistrationTest} covers what generated code
 * registers.
 */
class RemoteMessagesTest {

  interface Cmd {}

  record Ping() implements Cmd {}

  record Pong() implements Cmd {}

  record Inc(long amount) {}

  static class Found {}

  @Test
  void registered_entry_is_found_by_classes_and_by_ids() {
    RemoteMessages.register(Found.class, "found", "inc-id", Inc.class, Long.class);

    Entry expected = new Entry(Found.class, "found", "inc-id", Inc.class, Long.class);
    assertEquals(Optional.of("found"), RemoteMessages.actorId(Found.class));
    assertEquals(Optional.of(expected), RemoteMessages.find(Found.class, Inc.class));
    assertEquals(Optional.of(expected), RemoteMessages.find("found", "inc-id"));
    assertEquals(Optional.empty(), RemoteMessages.find(Found.class, Ping.class));
    assertEquals(Optional.empty(), RemoteMessages.find("found", "other-id"));
    assertEquals(Optional.empty(), RemoteMessages.find("no-such-actor", "inc-id"));
  }

  static class Twice {}

  @Test
  void registering_an_identical_entry_again_does_nothing() {
    RemoteMessages.register(Twice.class, "twice", "inc-id", Inc.class, Long.class);
    RemoteMessages.register(Twice.class, "twice", "inc-id", Inc.class, Long.class);
    RemoteMessages.registerActor(Twice.class, "twice");

    assertEquals(
        Optional.of(new Entry(Twice.class, "twice", "inc-id", Inc.class, Long.class)),
        RemoteMessages.find(Twice.class, Inc.class));
  }

  static class Silent {}

  @Test
  void actor_without_remote_messages_has_an_id_and_no_entries() {
    RemoteMessages.registerActor(Silent.class, "silent");

    assertEquals(Optional.of("silent"), RemoteMessages.actorId(Silent.class));
    assertEquals(Optional.empty(), RemoteMessages.find(Silent.class, Inc.class));
  }

  static class Plain {}

  @Test
  void unregistered_class_is_not_a_remote_actor() {
    assertEquals(Optional.empty(), RemoteMessages.actorId(Plain.class));
    assertEquals(Optional.empty(), RemoteMessages.find(Plain.class, Inc.class));
    assertEquals(Optional.empty(), RemoteMessages.actorId(String.class));
  }

  static class First {}

  static class Second {}

  @Test
  void same_actor_id_for_another_class_is_rejected() {
    RemoteMessages.registerActor(First.class, "taken");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RemoteMessages.register(Second.class, "taken", "inc-id", Inc.class, Long.class));
    assertEquals(
        "remote actor id \"taken\" is already registered for actor class "
            + First.class.getName()
            + " (class loader "
            + First.class.getClassLoader()
            + "); cannot register it for actor class "
            + Second.class.getName()
            + " (class loader "
            + Second.class.getClassLoader()
            + "): remote actor ids must be unique",
        e.getMessage());
    assertEquals(Optional.empty(), RemoteMessages.actorId(Second.class));
  }

  static class Renamed {}

  @Test
  void another_id_for_the_same_class_is_rejected() {
    RemoteMessages.registerActor(Renamed.class, "old-name");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RemoteMessages.registerActor(Renamed.class, "new-name"));
    assertEquals(
        "actor class "
            + Renamed.class.getName()
            + " is already registered with remote actor id \"old-name\"; cannot register it as"
            + " \"new-name\"",
        e.getMessage());
    assertEquals(Optional.of("old-name"), RemoteMessages.actorId(Renamed.class));
    assertEquals(Optional.empty(), RemoteMessages.find("new-name", "inc-id"));
  }

  static class Clash {}

  @Test
  void same_message_id_for_another_message_or_reply_class_is_rejected() {
    RemoteMessages.register(Clash.class, "clash", "msg-id", Inc.class, Long.class);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RemoteMessages.register(Clash.class, "clash", "msg-id", Ping.class, Long.class));
    assertEquals(
        "message id \"msg-id\" of remote actor \"clash\" is already registered for message class "
            + Inc.class.getName()
            + " with reply class java.lang.Long; cannot register it for message class "
            + Ping.class.getName()
            + " with reply class java.lang.Long",
        e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> RemoteMessages.register(Clash.class, "clash", "msg-id", Inc.class, Integer.class));
    assertEquals(
        Optional.of(new Entry(Clash.class, "clash", "msg-id", Inc.class, Long.class)),
        RemoteMessages.find("clash", "msg-id"));
  }

  static class TwoIds {}

  @Test
  void same_message_class_under_another_message_id_is_rejected() {
    RemoteMessages.register(TwoIds.class, "two-ids", "first-id", Inc.class, Long.class);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RemoteMessages.register(
                    TwoIds.class, "two-ids", "second-id", Inc.class, Long.class));
    assertEquals(
        "message class "
            + Inc.class.getName()
            + " of remote actor \"two-ids\" is already registered with message id \"first-id\";"
            + " cannot register it again as \"second-id\"",
        e.getMessage());
    assertEquals(Optional.empty(), RemoteMessages.find("two-ids", "second-id"));
  }

  static class Blank {}

  @Test
  void blank_ids_and_nulls_are_rejected() {
    IllegalArgumentException actor =
        assertThrows(
            IllegalArgumentException.class,
            () -> RemoteMessages.register(Blank.class, " ", "msg-id", Inc.class, Long.class));
    assertEquals("actorId must not be blank: \" \"", actor.getMessage());
    IllegalArgumentException message =
        assertThrows(
            IllegalArgumentException.class,
            () -> RemoteMessages.register(Blank.class, "blank", "", Inc.class, Long.class));
    assertEquals("messageId must not be blank: \"\"", message.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> RemoteMessages.registerActor(Blank.class, "\t"));
    assertThrows(
        NullPointerException.class,
        () -> RemoteMessages.register(Blank.class, "blank", "msg-id", Inc.class, null));
    assertThrows(NullPointerException.class, () -> RemoteMessages.actorId(null));
    assertThrows(NullPointerException.class, () -> RemoteMessages.find(Blank.class, null));
    assertThrows(NullPointerException.class, () -> RemoteMessages.find("blank", null));
    assertEquals(Optional.empty(), RemoteMessages.actorId(Blank.class));
  }

  static class Base {}

  static class Derived extends Base {}

  @Test
  void subclass_without_an_id_uses_its_nearest_registered_superclass() {
    RemoteMessages.register(Base.class, "base", "inc-id", Inc.class, Long.class);
    Base anonymous = new Base() {};

    Entry entry = new Entry(Base.class, "base", "inc-id", Inc.class, Long.class);
    assertEquals(Optional.of("base"), RemoteMessages.actorId(Derived.class));
    assertEquals(Optional.of("base"), RemoteMessages.actorId(anonymous.getClass()));
    assertEquals(Optional.of(entry), RemoteMessages.find(Derived.class, Inc.class));
    assertEquals(Optional.of(entry), RemoteMessages.find(anonymous.getClass(), Inc.class));
  }

  static class Specific {}

  @Test
  void message_without_its_own_entry_gets_its_most_specific_registered_supertype() {
    // registered least specific first: the lookup must not depend on the order
    RemoteMessages.register(Specific.class, "specific", "object-id", Object.class, String.class);
    RemoteMessages.register(Specific.class, "specific", "cmd-id", Cmd.class, String.class);
    RemoteMessages.register(Specific.class, "specific", "ping-id", Ping.class, String.class);

    assertEquals("ping-id", messageId(RemoteMessages.find(Specific.class, Ping.class)));
    assertEquals("cmd-id", messageId(RemoteMessages.find(Specific.class, Pong.class)));
    assertEquals("cmd-id", messageId(RemoteMessages.find(Specific.class, Cmd.class)));
    assertEquals("object-id", messageId(RemoteMessages.find(Specific.class, Inc.class)));
  }

  static class Ordered {}

  interface Left {}

  interface Right {}

  record Both() implements Left, Right {}

  @Test
  void between_unrelated_supertypes_the_first_registered_wins_as_in_the_handler_table() {
    RemoteMessages.register(Ordered.class, "ordered", "left-id", Left.class, String.class);
    RemoteMessages.register(Ordered.class, "ordered", "right-id", Right.class, String.class);

    assertEquals("left-id", messageId(RemoteMessages.find(Ordered.class, Both.class)));
  }

  static class Contended {}

  @Test
  void concurrent_registrations_of_one_class_under_different_ids_let_exactly_one_win()
      throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results =
          java.util.stream.IntStream.range(0, threads)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            try {
                              RemoteMessages.register(
                                  Contended.class, "contended-" + i, "id", Inc.class, Long.class);
                              return true;
                            } catch (IllegalStateException e) {
                              return false;
                            }
                          }))
              .toList();
      start.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, winners);
      String id = RemoteMessages.actorId(Contended.class).orElseThrow();
      assertEquals(
          Optional.of(new Entry(Contended.class, id, "id", Inc.class, Long.class)),
          RemoteMessages.find(id, "id"));
    } finally {
      pool.shutdownNow();
    }
  }

  private static String messageId(Optional<Entry> entry) {
    return entry.orElseThrow().messageId();
  }
}
