package io.kameo.remote.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.remote.internal.registry.RegistryEntry.Member;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a store and a reader keep for the records of one name. */
class NameRecordTest {
  static final long NOW = 1_000_000;
  static final Keypair OWNER = Keypair.generate();
  static final Keypair OTHER = Keypair.generate();

  static RegistryEntry entry(Keypair key, long version, boolean exclusive, long... actors) {
    return entry(key, "bank", version, NOW - 10, NOW + 60_000, exclusive, actors);
  }

  static RegistryEntry entry(
      Keypair key,
      String name,
      long version,
      long since,
      long expires,
      boolean exclusive,
      long... actors) {
    List<Member> members = Arrays.stream(actors).mapToObj(a -> new Member(a, "t")).toList();
    return RegistryEntry.sign(
        key, name, 42, version, since, expires, exclusive, members, List.of());
  }

  static NameRecord accepted(RegistryEntry... entries) {
    NameRecord r = NameRecord.empty();
    for (RegistryEntry e : entries) {
      r = r.accept("bank", e, NOW);
    }
    return r;
  }

  static String refusal(NameRecord held, RegistryEntry incoming) {
    return assertThrows(IllegalArgumentException.class, () -> held.accept("bank", incoming, NOW))
        .getMessage();
  }

  @Test
  void a_newer_entry_of_the_owner_replaces_its_older_one_and_a_replay_is_refused() {
    RegistryEntry v1 = entry(OWNER, 1, true, 7);
    RegistryEntry v2 = entry(OWNER, 2, true, 8);
    NameRecord held = accepted(v1, v2);
    assertEquals(List.of(v2), held.entries());
    assertTrue(refusal(held, v1).contains("replay"), refusal(held, v1));
    assertSame(held, held.accept("bank", v2, NOW), "the stored entry again changes nothing");
  }

  @Test
  void a_tombstone_withdraws_the_name_and_the_older_live_entry_cannot_come_back() {
    RegistryEntry live = entry(OWNER, 1, true, 7);
    RegistryEntry tombstone = entry(OWNER, 2, true);
    NameRecord held = accepted(live, tombstone);
    assertEquals(List.of(), held.holders(NOW));
    assertTrue(refusal(held, live).contains("replay"));
    assertEquals(1, accepted(live, tombstone, entry(OTHER, 1, true, 3)).holders(NOW).size());
  }

  @Test
  void an_exclusive_name_held_by_a_live_node_cannot_be_taken_or_joined_by_another() {
    NameRecord held = accepted(entry(OWNER, 1, true, 7));
    assertTrue(refusal(held, entry(OTHER, 5, true, 9)).contains("is held by " + OWNER.peerId()));
    assertTrue(refusal(held, entry(OTHER, 5, false, 9)).contains("is held by"));
    NameRecord group = accepted(entry(OWNER, 1, false, 7));
    assertTrue(refusal(group, entry(OTHER, 5, true, 9)).contains("is held by"));
    NameRecord both = group.accept("bank", entry(OTHER, 5, false, 9), NOW);
    assertEquals(2, both.holders(NOW).size(), "a group takes members from many nodes");
  }

  @Test
  void an_expired_holder_no_longer_holds_the_name() {
    RegistryEntry old = entry(OWNER, "bank", 1, NOW - 100, NOW - 1, true, 7);
    NameRecord held = new NameRecord(List.of(old));
    RegistryEntry newcomer = entry(OTHER, 1, true, 9);
    assertEquals(List.of(newcomer), held.accept("bank", newcomer, NOW).entries());
    assertTrue(refusal(NameRecord.empty(), old).contains("expired"));
  }

  @Test
  void forged_entries_wrong_names_and_overlong_lifetimes_are_refused() {
    RegistryEntry honest = entry(OWNER, 1, true, 7);
    byte[] forged = honest.encode();
    forged[honest.body().length - 1] ^= 1; // the last address/member byte
    RegistryEntry tampered = RegistryEntry.decode(forged);
    assertTrue(refusal(NameRecord.empty(), tampered).contains("not signed"));
    RegistryEntry other = entry(OWNER, "other", 1, NOW, NOW + 1000, true, 7);
    assertTrue(refusal(NameRecord.empty(), other).contains("under the key of"));
    RegistryEntry forever = entry(OWNER, "bank", 1, NOW, NOW + 25L * 3600_000, true, 7);
    assertTrue(refusal(NameRecord.empty(), forever).contains("longer than"));
  }

  @Test
  void readers_merge_stores_keep_each_peers_newest_entry_and_resolve_a_race_by_the_oldest_claim() {
    RegistryEntry ownerOld = entry(OWNER, "bank", 1, NOW - 50, NOW + 1000, true, 7);
    RegistryEntry ownerNew = entry(OWNER, "bank", 2, NOW - 50, NOW + 2000, true, 7);
    RegistryEntry racer = entry(OTHER, "bank", 9, NOW - 20, NOW + 2000, true, 9);
    byte[] forged = ownerNew.encode();
    forged[3] ^= 1;
    NameRecord merged =
        NameRecord.merge(
            "bank",
            List.of(
                new NameRecord(List.of(ownerOld)).encode(),
                new NameRecord(List.of(racer, ownerNew)).encode(),
                new byte[] {0x0a, 0x05, 1}, // malformed: dropped
                new NameRecord(List.of(RegistryEntry.decode(forged))).encode()),
            NOW);
    assertEquals(2, merged.entries().size());
    assertEquals(ownerNew, merged.entryOf(OWNER.peerId()).orElseThrow());
    assertEquals(List.of(ownerNew), merged.holders(NOW), "the older claim wins on every reader");
  }

  @Test
  void the_validator_refuses_other_keys_and_values_in_the_namespace_and_serves_live_entries() {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    RegistryValidator validator = new RegistryValidator(clock);
    byte[] key = NameRecord.key("bank");
    assertEquals("/kameo/actor/bank", new String(key, StandardCharsets.UTF_8));
    byte[] put = new NameRecord(List.of(entry(OWNER, 1, true, 7))).encode();
    byte[] stored = validator.accept(key, null, put);
    assertArrayEquals(put, stored);
    assertThrows(
        IllegalArgumentException.class,
        () -> validator.accept("/kameo/other".getBytes(StandardCharsets.UTF_8), null, put));
    assertThrows(
        IllegalArgumentException.class,
        () -> validator.accept(key, null, "plain text".getBytes(StandardCharsets.UTF_8)));
    byte[] two =
        new NameRecord(List.of(entry(OWNER, 2, false, 7), entry(OTHER, 1, false, 8))).encode();
    assertThrows(IllegalArgumentException.class, () -> validator.accept(key, null, two));
    byte[] expired =
        new NameRecord(List.of(entry(OWNER, "bank", 1, NOW - 9, NOW - 1, true, 7))).encode();
    assertNull(validator.serve(key, expired), "nothing live: nothing served");
    assertArrayEquals(stored, validator.serve(key, stored));
  }
}
