package io.kameo.remote.internal.registry;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.PublicKey;
import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. One node's signed registration under one name: which of its actors hold the name,
 * in which incarnation of the node, until when. The protobuf:
 *
 * <pre>
 * message RegistryEntry {
 *   string name = 1; bytes peer_id = 2; fixed64 incarnation = 3; uint64 version = 4;
 *   uint64 since_ms = 5; uint64 expires_ms = 6; bool exclusive = 7;
 *   repeated Member members = 8; repeated bytes addrs = 9;
 *   bytes signature = 15;   // last, over DOMAIN ‖ every byte before it
 * }
 * message Member { uint64 actor_id = 1; string actor_type = 2; }
 * </pre>
 *
 * <p>The signature is the Ed25519 signature, by the key the peer id embeds, of {@link #DOMAIN}
 * followed by the exact bytes of the entry before the signature field (its {@link #body()}), so a
 * decoder never re-encodes what it verifies and unknown fields stay covered. {@code version} orders
 * one peer's entries for one name (a store keeps the highest and refuses older ones: no replays);
 * {@code since} is when the peer first took the name (the older claim wins a race for an exclusive
 * name); {@code expires} is the wall-clock time after which nobody may use the entry. An entry
 * without members withdraws the peer's earlier entries for the name (a tombstone).
 *
 * <p>Immutable; the arrays are copied in and out. Decoding throws {@link IllegalArgumentException}
 * naming the problem and accepts at most {@link #MAX_MEMBERS} members, {@link #MAX_ADDRS} addresses
 * and {@link #MAX_NAME} name bytes.
 *
 * @param name the registered name
 * @param peer the registering node
 * @param incarnation the node's incarnation: random per swarm start
 * @param version orders this peer's entries for this name; higher replaces lower
 * @param sinceMillis when the peer first took the name (epoch milliseconds)
 * @param expiresMillis when the entry stops being valid (epoch milliseconds)
 * @param exclusive whether the name is exclusive ({@code register}) or a group ({@code join})
 * @param members the actors holding the name on that node; empty withdraws the name
 * @param addrs the node's addresses, without {@code /p2p}
 * @param body the encoded fields before the signature, as signed
 * @param signature the Ed25519 signature of {@link #DOMAIN} ‖ {@code body}
 */
public record RegistryEntry(
    String name,
    PeerId peer,
    long incarnation,
    long version,
    long sinceMillis,
    long expiresMillis,
    boolean exclusive,
    List<Member> members,
    List<Multiaddr> addrs,
    byte[] body,
    byte[] signature) {

  /** What every signature covers first: separates registry signatures from any other use. */
  static final byte[] DOMAIN = "kameo-registry-entry/1\n".getBytes(StandardCharsets.US_ASCII);

  /** The most members one entry lists. */
  public static final int MAX_MEMBERS = 64;

  /** The most addresses one entry lists. */
  public static final int MAX_ADDRS = 16;

  /** The longest name, in UTF-8 bytes. */
  public static final int MAX_NAME = 256;

  private static final int SIGNATURE_FIELD = 15;

  /** One actor holding a name: its id on its node and its remote actor type. */
  public record Member(long actorId, String actorType) {
    /** Checks for null. */
    public Member {
      Objects.requireNonNull(actorType, "actorType");
    }
  }

  /** Checks and copies the fields. */
  public RegistryEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(peer, "peer");
    members = List.copyOf(members);
    addrs = List.copyOf(addrs);
    body = body.clone();
    signature = signature.clone();
  }

  /**
   * Creates the entry {@code keypair}'s node signs for {@code name}.
   *
   * @throws IllegalArgumentException if the name is empty or too long, or there are too many
   *     members or addresses
   */
  public static RegistryEntry sign(
      Keypair keypair,
      String name,
      long incarnation,
      long version,
      long sinceMillis,
      long expiresMillis,
      boolean exclusive,
      List<Member> members,
      List<Multiaddr> addrs) {
    checkName(name);
    if (members.size() > MAX_MEMBERS || addrs.size() > MAX_ADDRS) {
      throw new IllegalArgumentException(
          "a registry entry holds at most "
              + MAX_MEMBERS
              + " members and "
              + MAX_ADDRS
              + " addresses: "
              + members.size()
              + ", "
              + addrs.size());
    }
    byte[] body =
        ProtoWriter.encode(
            out -> {
              out.writeString(1, name);
              out.writeByteArray(2, keypair.peerId().toBytes());
              out.writeFixed64(3, incarnation);
              out.writeUInt64(4, version);
              out.writeUInt64(5, sinceMillis);
              out.writeUInt64(6, expiresMillis);
              out.writeBool(7, exclusive);
              for (Member m : members) {
                out.writeByteArray(
                    8,
                    ProtoWriter.encode(
                        o -> {
                          o.writeUInt64(1, m.actorId());
                          o.writeString(2, m.actorType());
                        }));
              }
              for (Multiaddr a : addrs) {
                out.writeByteArray(9, a.toBytes());
              }
            });
    byte[] signature = keypair.sign(signedBytes(body));
    return new RegistryEntry(
        name,
        keypair.peerId(),
        incarnation,
        version,
        sinceMillis,
        expiresMillis,
        exclusive,
        members,
        addrs,
        body,
        signature);
  }

  /** Checks that {@code name} can be registered: not empty, at most {@link #MAX_NAME} bytes. */
  public static void checkName(String name) {
    int length = name.getBytes(StandardCharsets.UTF_8).length;
    if (length == 0 || length > MAX_NAME) {
      throw new IllegalArgumentException(
          "a registered name has 1 to " + MAX_NAME + " UTF-8 bytes: \"" + name + "\"");
    }
  }

  /** Returns the bytes the signature covers: {@link #DOMAIN} followed by {@code body}. */
  static byte[] signedBytes(byte[] body) {
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }

  /** Returns the encoded entry without its signature field (a new array). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Returns the Ed25519 signature (a new array). */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Returns whether the signature is valid for the body by the key the peer id embeds. */
  public boolean verify() {
    Optional<PublicKey> key = peer.publicKey();
    return key.isPresent() && key.get().verify(signedBytes(body), signature);
  }

  /** Returns whether the entry may still be used at {@code nowMillis}. */
  public boolean liveAt(long nowMillis) {
    return nowMillis < expiresMillis;
  }

  /** Returns whether the entry gives the name to at least one actor (it is no tombstone). */
  public boolean holds() {
    return !members.isEmpty();
  }

  /** Returns the wire form: the body followed by the signature field. */
  public byte[] encode() {
    byte[] sig = ProtoWriter.encode(out -> out.writeByteArray(SIGNATURE_FIELD, signature));
    byte[] out = Arrays.copyOf(body, body.length + sig.length);
    System.arraycopy(sig, 0, out, body.length, sig.length);
    return out;
  }

  /**
   * Decodes an entry; the signature is not checked here (see {@link #verify()}).
   *
   * @throws IllegalArgumentException if the bytes are malformed, a field is missing, a bound is
   *     exceeded or anything follows the signature
   */
  public static RegistryEntry decode(byte[] bytes) {
    String name = null;
    PeerId peer = null;
    long incarnation = 0;
    long version = 0;
    long since = 0;
    long expires = 0;
    boolean exclusive = false;
    List<Member> members = new ArrayList<>();
    List<Multiaddr> addrs = new ArrayList<>();
    byte[] signature = null;
    int bodyEnd = -1;
    ProtoReader in = new ProtoReader(bytes, "registry entry");
    while (true) {
      int before = in.position();
      int tag = in.nextTag();
      if (tag == 0) {
        break;
      }
      if (signature != null) {
        throw new IllegalArgumentException("registry entry: a field follows the signature");
      }
      switch (ProtoReader.field(tag)) {
        case 1 -> name = in.readString(tag, "name");
        case 2 -> peer = PeerId.fromBytes(in.readBytes(tag, "peer"));
        case 3 -> incarnation = in.readFixed64(tag, "incarnation");
        case 4 -> version = in.readVarint(tag, "version");
        case 5 -> since = in.readVarint(tag, "since");
        case 6 -> expires = in.readVarint(tag, "expires");
        case 7 -> exclusive = in.readBool(tag, "exclusive");
        case 8 -> {
          if (members.size() == MAX_MEMBERS) {
            throw new IllegalArgumentException(
                "registry entry: more than " + MAX_MEMBERS + " members");
          }
          members.add(decodeMember(in.readBytes(tag, "members")));
        }
        case 9 -> {
          if (addrs.size() == MAX_ADDRS) {
            throw new IllegalArgumentException(
                "registry entry: more than " + MAX_ADDRS + " addresses");
          }
          byte[] addr = in.readBytes(tag, "addrs");
          try {
            addrs.add(Multiaddr.fromBytes(addr));
          } catch (IllegalArgumentException e) {
            // a transport this node does not know; the signature still covers the bytes
          }
        }
        case SIGNATURE_FIELD -> {
          bodyEnd = before;
          signature = in.readBytes(tag, "signature");
        }
        default -> in.skip(tag);
      }
    }
    if (name == null || peer == null || signature == null) {
      throw new IllegalArgumentException("registry entry without name, peer id or signature");
    }
    checkName(name);
    return new RegistryEntry(
        name,
        peer,
        incarnation,
        version,
        since,
        expires,
        exclusive,
        members,
        addrs,
        Arrays.copyOf(bytes, bodyEnd),
        signature);
  }

  private static Member decodeMember(byte[] bytes) {
    long actorId = 0;
    String actorType = null;
    ProtoReader in = new ProtoReader(bytes, "registry entry member");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> actorId = in.readVarint(tag, "actor_id");
        case 2 -> actorType = in.readString(tag, "actor_type");
        default -> in.skip(tag);
      }
    }
    if (actorType == null) {
      throw new IllegalArgumentException("registry entry member without actor type");
    }
    return new Member(actorId, actorType);
  }

  /** Two entries are equal when their wire forms are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryEntry e
        && Arrays.equals(body, e.body)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(body) * 31 + Arrays.hashCode(signature);
  }

  /** Returns the name, peer, incarnation, version, expiry and members; never the raw bytes. */
  @Override
  public String toString() {
    return "RegistryEntry["
        + name
        + " on "
        + peer
        + ", incarnation "
        + Long.toUnsignedString(incarnation, 16)
        + ", version "
        + version
        + ", expires "
        + expiresMillis
        + (exclusive ? ", exclusive" : ", group")
        + ", members "
        + members
        + "]";
  }
}
