package io.kameo.libp2p.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseEncodingTest {
  private static final HexFormat HEX = HexFormat.of();

  // Bitcoin base58 test vectors, checked against an independent implementation
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "00, 1",
    "0000, 11",
    "61, 2g",
    "626262, a3gV",
    "636363, aPEr",
    "000000287fb4cd, 111233QC4",
    "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2"
  })
  void base58MatchesKnownAnswers(String hex, String text) {
    assertEquals(text, Base58.encode(HEX.parseHex(hex)));
    assertArrayEquals(HEX.parseHex(hex), Base58.decode(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "O", "I", "l", "+", "é"})
  void base58RejectsCharactersOutsideTheAlphabet(String bad) {
    assertThrows(IllegalArgumentException.class, () -> Base58.decode("2g" + bad));
  }

  // RFC 4648 section 10, lowercase and without padding
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "f, my",
    "fo, mzxq",
    "foo, mzxw6",
    "foob, mzxw6yq",
    "fooba, mzxw6ytb",
    "foobar, mzxw6ytboi"
  })
  void base32MatchesRfc4648(String plain, String text) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertEquals(text, Base32.encode(bytes));
    assertArrayEquals(bytes, Base32.decode(text));
    assertArrayEquals(bytes, Base32.decode(text.toUpperCase(java.util.Locale.ROOT)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"m", "mzx", "mzxw6y", "mz=", "mz1", "mz"})
  void base32RejectsImpossibleLengthsBadCharactersAndTrailingBits(String bad) {
    // "mz" decodes 'f' with trailing bits 11: not canonical
    assertThrows(IllegalArgumentException.class, () -> Base32.decode(bad));
  }

  @Test
  void randomBytesRoundTripThroughBothEncodings() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(60)];
      random.nextBytes(bytes);
      if (i % 7 == 0 && bytes.length > 2) {
        bytes[0] = 0;
        bytes[1] = 0;
      }
      assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
      assertArrayEquals(bytes, Base32.decode(Base32.encode(bytes)));
    }
  }
}
