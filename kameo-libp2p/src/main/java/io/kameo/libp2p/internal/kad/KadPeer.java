package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The kad-dht {@code Message.Peer} protobuf, a peer named in {@code closerPeers} or
 * {@code providerPeers}:
 *
 * <pre>
 * message Peer { bytes id = 1; repeated bytes addrs = 2; ConnectionType connection = 3; }
 * </pre>
 *
 * <p>Decoding is lenient where real peers differ from us and strict where the entry would be
 * useless:
 *
 * <ul>
 *   <li>an address this implementation cannot parse (a transport it does not know) is skipped, the
 *       rest of the entry is kept;
 *   <li>an unknown connection type decodes as {@link ConnectionType#NOT_CONNECTED} (it is only a
 *       hint);
 *   <li>a missing or invalid peer id drops this entry only, not the whole message (js-libp2p fails
 *       the whole response instead; we keep the other, valid peers of a lookup reply);
 *   <li>malformed protobuf fails the whole message with {@link KadProtocolException}.
 * </ul>
 *
 * The constructor copies the list and throws {@link NullPointerException} for nulls.
 *
 * @param id the peer
 * @param addrs its addresses, without a {@code /p2p} suffix by convention
 * @param connection the sender's connection to that peer, a hint
 */
public record KadPeer(PeerId id, List<Multiaddr> addrs, ConnectionType connection) {

  /** The kad-dht {@code ConnectionType}: what the sender knows about its connection to the peer. */
  public enum ConnectionType {
    /** No connection and no extra information (the default). */
    NOT_CONNECTED,
    /** The sender has a live connection to the peer. */
    CONNECTED,
    /** The sender recently connected to the peer. */
    CAN_CONNECT,
    /** The sender tried hard to connect to the peer recently and failed. */
    CANNOT_CONNECT;

    /** Returns the protobuf enum number (the ordinal, 0 to 3). */
    public int number() {
      return ordinal();
    }

    /** Returns the type numbered {@code number}, or {@link #NOT_CONNECTED} if it is unknown. */
    static ConnectionType forNumberOrDefault(long number) {
      ConnectionType[] all = values();
      return number >= 0 && number < all.length ? all[(int) number] : NOT_CONNECTED;
    }
  }

  /** Copies the list and checks for nulls. */
  public KadPeer {
    Objects.requireNonNull(id, "id");
    addrs = List.copyOf(addrs);
    Objects.requireNonNull(connection, "connection");
  }

  /** Returns an entry for {@code id} with connection type {@link ConnectionType#NOT_CONNECTED}. */
  public static KadPeer of(PeerId id, List<Multiaddr> addrs) {
    return new KadPeer(id, addrs, ConnectionType.NOT_CONNECTED);
  }

  /** Returns the protobuf encoding; the default connection type is left out, as proto3 does. */
  byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          out.writeByteArray(1, id.toBytes());
          for (Multiaddr a : addrs) {
            out.writeByteArray(2, a.toBytes());
          }
          if (connection != ConnectionType.NOT_CONNECTED) {
            out.writeEnum(3, connection.number());
          }
        });
  }

  /**
   * Decodes a {@code Peer}, or returns null if its id is missing or not a valid peer id.
   * Unparseable addresses are skipped.
   *
   * @throws KadProtocolException if the bytes are not a valid {@code Peer} protobuf
   */
  static KadPeer decode(byte[] bytes) {
    byte[] id = null;
    List<Multiaddr> addrs = new ArrayList<>();
    ConnectionType connection = ConnectionType.NOT_CONNECTED;
    ProtoReader in = new ProtoReader(bytes, "kad Peer", KadProtocolException::new);
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> id = in.readBytes(tag, "id");
        case 2 -> {
          byte[] addr = in.readBytes(tag, "addrs");
          try {
            addrs.add(Multiaddr.fromBytes(addr));
          } catch (IllegalArgumentException unknownTransport) {
            // a transport or encoding we do not know: skip this address, keep the peer
          }
        }
        case 3 -> connection = ConnectionType.forNumberOrDefault(in.readVarint(tag, "connection"));
        default -> in.skip(tag);
      }
    }
    if (id == null) {
      return null;
    }
    try {
      return new KadPeer(PeerId.fromBytes(id), addrs, connection);
    } catch (IllegalArgumentException badId) {
      return null;
    }
  }
}
