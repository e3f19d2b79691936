package io.kameo.libp2p.internal.ping;

/**
 * INTERNAL API. The ping protocol ({@code /ipfs/ping/1.0.0}): the dialer sends 32 random bytes and
 * the listener echoes them, repeatedly on one stream, until the dialer closes its write side.
 */
public final class Ping {
  /** The protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  /** The size of every ping payload. */
  public static final int SIZE = 32;

  private Ping() {}
}
