package io.kameo.libp2p.internal.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * as null; unknown fields are skipped. Messages are merged as protobuf merges them: later scalars
 * win, repeated fields append.
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
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
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
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes one message and merges it onto {@code base} (null for none).
   *
   * @throws IllegalArgumentException if the bytes are not a valid {@code Identify} message
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
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        boolean delimited = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (delimited && field == 1) {
          publicKey = in.readByteArray();
        } else if (delimited && field == 2) {
          addrs.add(in.readByteArray());
        } else if (delimited && field == 3) {
          protocols.add(in.readStringRequireUtf8());
        } else if (delimited && field == 4) {
          observed = in.readByteArray();
        } else if (delimited && field == 5) {
          protocolVersion = in.readStringRequireUtf8();
        } else if (delimited && field == 6) {
          agentVersion = in.readStringRequireUtf8();
        } else if (delimited && field == 8) {
          record = in.readByteArray();
        } else if (field == 0 || !in.skipField(tag)) {
          throw new IllegalArgumentException("malformed identify message: bad tag " + tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed identify message: " + e.getMessage(), e);
    }
    return new IdentifyMessage(
        publicKey, addrs, protocols, observed, protocolVersion, agentVersion, record);
  }
}
