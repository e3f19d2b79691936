package io.kameo.libp2p.internal.wire;

/**
 * INTERNAL API. RFC 4648 base32 without padding, lowercase ({@code base32} in multibase, prefix
 * {@code 'b'}). Decoding accepts either case and rejects characters outside the alphabet, lengths
 * that no input can produce and non-zero trailing bits.
 */
public final class Base32 {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Base32() {}

  /** Encodes {@code input} (not modified) as lowercase base32 without padding. */
  public static String encode(byte[] input) {
    StringBuilder sb = new StringBuilder((input.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : input) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  /**
   * Decodes unpadded base32 text in either case.
   *
   * @throws IllegalArgumentException naming the bad character, or if the text is not canonical
   */
  public static byte[] decode(CharSequence input) {
    int n = input.length();
    int rem = n % 8;
    if (rem == 1 || rem == 3 || rem == 6) {
      throw new IllegalArgumentException("invalid base32 length " + n + " in \"" + input + "\"");
    }
    byte[] out = new byte[n * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (int i = 0; i < n; i++) {
      char c = input.charAt(i);
      int v;
      if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= 'A' && c <= 'Z') {
        v = c - 'A';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        throw new IllegalArgumentException(
            "invalid base32 character '" + c + "' at index " + i + " in \"" + input + "\"");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[o++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("non-zero trailing bits in base32 \"" + input + "\"");
    }
    return out;
  }
}
