package io.kameo.remote.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz tests of the registry decoders: any input either decodes to a value whose wire form decodes
 * to the same value (signature coverage included), or fails with {@link IllegalArgumentException};
 * nothing else escapes, and the reader's merge never throws. Without {@code JAZZER_FUZZ=1} they
 * replay the stored inputs as part of {@code mvn test}.
 */
class RegistryFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void entryDecodesStablyOrIsRejected(byte[] input) {
    RegistryEntry e;
    try {
      e = RegistryEntry.decode(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    RegistryEntry again = RegistryEntry.decode(e.encode());
    assertEquals(e, again);
    assertArrayEquals(e.body(), again.body());
    assertEquals(e.verify(), again.verify());
  }

  @FuzzTest(maxDuration = "60s")
  void nameRecordDecodesStablyOrIsRejectedAndMergeNeverThrows(byte[] input) {
    NameRecord.merge("bank", java.util.List.of(input), 1_000_000);
    NameRecord r;
    try {
      r = NameRecord.decode(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    assertEquals(r, NameRecord.decode(r.encode()));
  }
}
