package io.kameo.libp2p.internal.identify;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The {@code Identify} protobuf of the identify spec ({@code /ipfs/id/1.0.0}):
 *
 * <pre>
 * message Identify { optional string protocolVersion = 5; optional string agentVersion = 6;
 *   optional bytes publicKey = 1; repeated bytes listenAddrs = 2; optional bytes observedAddr = 4;
 *   repeated string protocols = 3; optional bytes signedPeerRecord = 8; }
 * </pre>
 *
 * Absent byte fields decode as null (publicKey, observedAddr, signedPeerRecord) and absent strings
 * as null; unknown fields are skipped, a known field of the wrong wire type is rejected ({@link
 * ProtoReader}). Messages are merged as protobuf merges them: later scalars win, repeated fields
 * append.
 *
 * @param publicKey the libp2p {@code PublicKey} protobuf, or null
 * @param listenAddrs multiaddrs in binary form
 * @param protocols protocol ids
 * @param observedAddr the observed multiaddr in binary form, or null
 * @param protocolVersion or null
 * @param agentVersion or null
 * @param signedPeerRecord or null (this implementation never sends one)
 */
public record IdentifyMessage(
    byte[] publicKey,
    List<byte[]> listenAddrs,
    List<String> protocols,
    byte[] observedAddr,
    String protocolVersion,
    String agentVersion,
    byte[] signedPeerRecord) {

  /** The protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";

  /** The protocol version this implementation sends, as js-libp2p and go-libp2p do. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** The largest message accepted, as in js-libp2p: 8 KiB. */
  public static final int MAX_MESSAGE_SIZE = 8192;

  /** The most messages merged from one stream. */
  public static final int MAX_MESSAGES = 10;

  /** Copies the lists. */
  public IdentifyMessage {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  /** Returns the protobuf encoding, fields in number order, absent ones left out. */
  public byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          if (publicKey != null) {
            out.writeByteArray(1, publicKey);
          }
          for (byte[] addr : listenAddrs) {
            out.writeByteArray(2, addr);
          }
          for (String p : protocols) {
            out.writeString(3, p);
          }
          if (observedAddr != null) {
            out.writeByteArray(4, observedAddr);
          }
          if (protocolVersion != null) {
            out.writeString(5, protocolVersion);
          }
          if (agentVersion != null) {
            out.writeString(6, agentVersion);
          }
          if (signedPeerRecord != null) {
            out.writeByteArray(8, signedPeerRecord);
          }
        });
  }

  /**
   * Decodes one message and merges it onto {@code base} (null for none).
   *
   * @throws IllegalArgumentException if the bytes are not a valid {@code Identify} message (also a
   *     known field of the wrong wire type, or malformed UTF-8), naming the field and offset
   */
  public static IdentifyMessage decode(byte[] bytes, IdentifyMessage base) {
    Objects.requireNonNull(bytes, "bytes");
    byte[] publicKey = base == null ? null : base.publicKey;
    List<byte[]> addrs = new ArrayList<>(base == null ? List.of() : base.listenAddrs);
    List<String> protocols = new ArrayList<>(base == null ? List.of() : base.protocols);
    byte[] observed = base == null ? null : base.observedAddr;
    String protocolVersion = base == null ? null : base.protocolVersion;
    String agentVersion = base == null ? null : base.agentVersion;
    byte[] record = base == null ? null : base.signedPeerRecord;
    ProtoReader in = new ProtoReader(bytes, "identify message");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> publicKey = in.readBytes(tag, "publicKey");
        case 2 -> addrs.add(in.readBytes(tag, "listenAddrs"));
        case 3 -> protocols.add(in.readString(tag, "protocols"));
        case 4 -> observed = in.readBytes(tag, "observedAddr");
        case 5 -> protocolVersion = in.readString(tag, "protocolVersion");
        case 6 -> agentVersion = in.readString(tag, "agentVersion");
        case 8 -> record = in.readBytes(tag, "signedPeerRecord");
        default -> in.skip(tag);
      }
    }
    return new IdentifyMessage(
        publicKey, addrs, protocols, observed, protocolVersion, agentVersion, record);
  }
}
