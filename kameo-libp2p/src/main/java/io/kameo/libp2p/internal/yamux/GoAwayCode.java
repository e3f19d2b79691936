package io.kameo.libp2p.internal.yamux;

/** INTERNAL API. The error codes a GoAway frame carries in its length field. */
public enum GoAwayCode {
  /** The session ends normally: no new streams, open ones may finish. */
  NORMAL(0),
  /** The peer broke the protocol; all streams are reset. */
  PROTOCOL_ERROR(1),
  /** The sender failed internally; all streams are reset. */
  INTERNAL_ERROR(2);

  private final int code;

  GoAwayCode(int code) {
    this.code = code;
  }

  /** Returns the wire value of this code. */
  public int code() {
    return code;
  }

  /** Returns a readable name for a received code value, also for values outside this enum. */
  static String describe(long code) {
    for (GoAwayCode known : values()) {
      if (known.code == code) {
        return known.name();
      }
    }
    return "unknown code " + code;
  }
}
