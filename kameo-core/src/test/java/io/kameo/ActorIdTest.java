package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActorIdTest {
  @Test
  void a_remote_id_never_equals_the_local_id_with_the_same_sequence() {
    ActorId local = ActorId.of(7);
    ActorId remote = ActorId.of(7, "12D3KooWnode");
    assertNotEquals(local, remote);
    assertNotEquals(remote, ActorId.of(7, "12D3KooWother"));
    assertEquals(remote, ActorId.of(7, "12D3KooWnode"));
    assertEquals(remote.hashCode(), ActorId.of(7, "12D3KooWnode").hashCode());
    assertTrue(local.isLocal());
    assertFalse(remote.isLocal());
    assertEquals(Optional.empty(), local.node());
    assertEquals(Optional.of("12D3KooWnode"), remote.node());
    assertEquals("7", local.toString());
    assertEquals("7@12D3KooWnode", remote.toString());
  }

  @Test
  void ids_sort_local_first_then_by_node_then_by_sequence() {
    TreeSet<ActorId> ids =
        new TreeSet<>(
            List.of(ActorId.of(2, "b"), ActorId.of(9), ActorId.of(1, "b"), ActorId.of(5, "a")));
    assertEquals(
        List.of(ActorId.of(9), ActorId.of(5, "a"), ActorId.of(1, "b"), ActorId.of(2, "b")),
        List.copyOf(ids));
  }

  @Test
  void a_blank_node_or_negative_sequence_is_refused() {
    assertThrows(IllegalArgumentException.class, () -> ActorId.of(1, " "));
    assertThrows(IllegalArgumentException.class, () -> ActorId.of(-1, "n"));
    assertThrows(NullPointerException.class, () -> ActorId.of(1, null));
  }
}
