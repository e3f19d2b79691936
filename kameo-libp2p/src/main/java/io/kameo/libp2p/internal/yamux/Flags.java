package io.kameo.libp2p.internal.yamux;

import java.util.StringJoiner;

/** INTERNAL API. The yamux header flag bits (a 16-bit field). */
public final class Flags {
  /** Opens a stream, or marks a ping as a request. */
  public static final int SYN = 0x1;

  /** Acknowledges a stream opened by the remote, or marks a ping as a response. */
  public static final int ACK = 0x2;

  /** Half-closes the sender's side of a stream. */
  public static final int FIN = 0x4;

  /** Resets a stream at once. */
  public static final int RST = 0x8;

  private Flags() {}

  /** Returns whether every bit of {@code flag} is set in {@code flags}. */
  public static boolean has(int flags, int flag) {
    return (flags & flag) == flag;
  }

  /** Returns the flags as text such as {@code SYN|FIN}, or {@code 0} when none is set. */
  public static String toString(int flags) {
    if (flags == 0) {
      return "0";
    }
    StringJoiner text = new StringJoiner("|");
    if (has(flags, SYN)) {
      text.add("SYN");
    }
    if (has(flags, ACK)) {
      text.add("ACK");
    }
    if (has(flags, FIN)) {
      text.add("FIN");
    }
    if (has(flags, RST)) {
      text.add("RST");
    }
    int unknown = flags & ~(SYN | ACK | FIN | RST);
    if (unknown != 0) {
      text.add("0x" + Integer.toHexString(unknown));
    }
    return text.toString();
  }
}
