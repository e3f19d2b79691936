package io.kameo.libp2p.internal.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HandshakeSlotsTest {
  private final HandshakeSlots<String> slots = new HandshakeSlots<>(3, 2);

  private static InetAddress ip(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
  }

  @Test
  void an_address_holding_its_share_is_refused_and_others_are_not() throws Exception {
    assertTrue(slots.admit("a1", ip(1)).admitted());
    assertTrue(slots.admit("a2", ip(1)).admitted());
    HandshakeSlots.Admission<String> third = slots.admit("a3", ip(1));
    assertFalse(third.admitted());
    assertTrue(third.refusal().contains("10.0.0.1"), third.refusal());
    assertNull(third.evicted());
    assertTrue(slots.admit("b1", ip(2)).admitted());
    assertEquals(3, slots.size());
  }

  @Test
  void when_all_slots_are_taken_the_oldest_connection_is_evicted() throws Exception {
    slots.admit("a", ip(1));
    slots.admit("b", ip(2));
    slots.admit("c", ip(3));
    HandshakeSlots.Admission<String> d = slots.admit("d", ip(4));
    assertTrue(d.admitted());
    assertEquals("a", d.evicted());
    assertEquals(3, slots.size());
    // the evicted one's address got its share back
    assertTrue(slots.admit("a2", ip(1)).admitted());
  }

  @Test
  void a_released_slot_is_free_again_and_releasing_twice_changes_nothing() throws Exception {
    slots.admit("a1", ip(1));
    slots.admit("a2", ip(1));
    slots.release("a1");
    slots.release("a1");
    slots.release("never-admitted");
    assertEquals(1, slots.size());
    assertTrue(slots.admit("a3", ip(1)).admitted());
    assertFalse(slots.admit("a4", ip(1)).admitted());
  }
}
