package io.kameo.remote.internal.actor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.kameo.remote.Multiaddr;
import io.kameo.remote.PeerId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. Where a named actor lives, as stored in the DHT under {@link #key}: {@code message
 * ActorRegistration { bytes peer_id = 1; uint64 actor_id = 2; string actor_type = 3; repeated bytes
 * addrs = 4; }}. Addresses it cannot parse are skipped.
 *
 * @param peer the node the actor runs on
 * @param actorId the actor's id on that node
 * @param actorType its remote actor type id
 * @param addrs the node's addresses, without {@code /p2p}
 */
public record ActorRegistration(
    PeerId peer, long actorId, String actorType, List<Multiaddr> addrs) {

  /** Checks the fields and copies the list. */
  public ActorRegistration {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(actorType, "actorType");
    addrs = List.copyOf(addrs);
  }

  /** The DHT key of the actor registered under {@code name}: {@code /kameo/actor/<name>}. */
  public static byte[] key(String name) {
    return ("/kameo/actor/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Returns the protobuf encoding. */
  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, peer.toBytes());
      out.writeUInt64(2, actorId);
      out.writeString(3, actorType);
      for (Multiaddr a : addrs) {
        out.writeByteArray(4, a.toBytes());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes a registration.
   *
   * @throws IllegalArgumentException if the bytes are malformed or the peer id or type is missing
   */
  public static ActorRegistration decode(byte[] bytes) {
    PeerId peer = null;
    long actorId = 0;
    String actorType = null;
    List<Multiaddr> addrs = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        int type = WireFormat.getTagWireType(tag);
        boolean delimited = type == WireFormat.WIRETYPE_LENGTH_DELIMITED;
        if (delimited && field == 1) {
          peer = PeerId.fromBytes(in.readByteArray());
        } else if (type == WireFormat.WIRETYPE_VARINT && field == 2) {
          actorId = in.readUInt64();
        } else if (delimited && field == 3) {
          actorType = in.readStringRequireUtf8();
        } else if (delimited && field == 4) {
          byte[] addr = in.readByteArray();
          try {
            addrs.add(Multiaddr.fromBytes(addr));
          } catch (IllegalArgumentException e) {
            // an address of a transport this node does not know: skip it
          }
        } else if (field == 0 || !in.skipField(tag)) {
          throw new IllegalArgumentException("malformed actor registration: bad tag " + tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed actor registration: " + e.getMessage(), e);
    }
    if (peer == null || actorType == null) {
      throw new IllegalArgumentException("actor registration without peer id or actor type");
    }
    return new ActorRegistration(peer, actorId, actorType, addrs);
  }
}
