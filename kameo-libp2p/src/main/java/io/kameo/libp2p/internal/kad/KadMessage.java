package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import io.kameo.libp2p.internal.wire.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The kad-dht {@code Message} protobuf, every request and response of the DHT
 * protocol ({@code /kameo/registry/1.0.0} or {@code /ipfs/kad/1.0.0}):
 *
 * <pre>
 * message Message { MessageType type = 1; bytes key = 2; Record record = 3;
 *   repeated Peer closerPeers = 8; repeated Peer providerPeers = 9; int32 clusterLevelRaw = 10; }
 * </pre>
 *
 * <p>Encoding follows proto3 as js-libp2p and go-libp2p do: fields in number order, a type of
 * {@link Type#PUT_VALUE} (0) and an empty key are left out, {@code clusterLevelRaw} is never sent.
 * Decoding skips unknown fields (and {@code clusterLevelRaw}), reads an absent type as {@code
 * PUT_VALUE} and an absent key as empty, and rejects malformed protobuf, an unknown type number, a
 * known field with the wrong wire type and more than {@link #MAX_MESSAGE_SIZE} bytes with a {@link
 * KadProtocolException} naming the problem. Peer entries are decoded leniently, see {@link
 * KadPeer}.
 *
 * <p>On a stream each message is framed as an unsigned varint length and the protobuf: {@link
 * #encodeFramed()}, {@link #writeFramed(OutputStream)} and {@link #readFramed(InputStream)}.
 *
 * <p>The key array is not copied: treat it as immutable. {@link #equals} and {@link #hashCode}
 * compare its contents. The constructor throws {@link NullPointerException} for nulls (other than
 * {@code record}).
 *
 * @param type what the message asks for or answers
 * @param key the key the message is about (a record key, a peer id, a CID multihash), or empty
 * @param record the record of a {@code PUT_VALUE} or a {@code GET_VALUE} reply, or null
 * @param closerPeers peers closer to the key, in replies
 * @param providerPeers providers of the key ({@code ADD_PROVIDER}, {@code GET_PROVIDERS} reply)
 */
public record KadMessage(
    Type type,
    byte[] key,
    KadRecord record,
    List<KadPeer> closerPeers,
    List<KadPeer> providerPeers) {

  /**
   * The largest message accepted or sent, in bytes: 4 MiB, the default limit of js-libp2p's
   * length-prefixed stream decoder (kad-dht itself sets none) and also go-libp2p-kad-dht's reader
   * limit. A reply of k = 20 peers with a few addresses each is about 2 KiB.
   */
  public static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

  private static final byte[] EMPTY = new byte[0];

  /** The kad-dht {@code MessageType}. */
  public enum Type {
    /** Store a record at the receiver (the key is the record's key). */
    PUT_VALUE,
    /** Get a record and closer peers. */
    GET_VALUE,
    /** Announce the sender as a provider of a key (no reply). */
    ADD_PROVIDER,
    /** Get providers of a key and closer peers. */
    GET_PROVIDERS,
    /** Get peers closer to a key (a peer id). */
    FIND_NODE,
    /** Liveness check, echoed; never sent by js-libp2p or go-libp2p. */
    PING;

    /** Returns the protobuf enum number (the ordinal, 0 to 5). */
    public int number() {
      return ordinal();
    }

    /**
     * Returns the type numbered {@code number}.
     *
     * @throws KadProtocolException if no type has that number
     */
    public static Type forNumber(long number) {
      Type[] all = values();
      if (number < 0 || number >= all.length) {
        throw new KadProtocolException("unknown kad message type " + number + ": expected 0 to 5");
      }
      return all[(int) number];
    }
  }

  /** Copies the lists and checks for nulls. */
  public KadMessage {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  /** Returns a message of {@code type} about {@code key}, with no record and no peers. */
  public static KadMessage of(Type type, byte[] key) {
    return new KadMessage(type, key, null, List.of(), List.of());
  }

  /** Returns this message with {@code closerPeers} replaced. */
  public KadMessage withCloserPeers(List<KadPeer> peers) {
    return new KadMessage(type, key, record, peers, providerPeers);
  }

  /** Returns this message with {@code providerPeers} replaced. */
  public KadMessage withProviderPeers(List<KadPeer> peers) {
    return new KadMessage(type, key, record, closerPeers, peers);
  }

  /** Returns this message with {@code record} replaced ({@code null} for none). */
  public KadMessage withRecord(KadRecord newRecord) {
    return new KadMessage(type, key, newRecord, closerPeers, providerPeers);
  }

  /** Returns the protobuf encoding (without the length prefix). */
  public byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          if (type != Type.PUT_VALUE) {
            out.writeEnum(1, type.number());
          }
          if (key.length > 0) {
            out.writeByteArray(2, key);
          }
          if (record != null) {
            out.writeByteArray(3, record.encode());
          }
          for (KadPeer p : closerPeers) {
            out.writeByteArray(8, p.encode());
          }
          for (KadPeer p : providerPeers) {
            out.writeByteArray(9, p.encode());
          }
        });
  }

  /**
   * Decodes one message (without the length prefix).
   *
   * @throws KadProtocolException if the bytes are not a valid kad {@code Message} or longer than
   *     {@link #MAX_MESSAGE_SIZE}
   */
  public static KadMessage decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    requireSize(bytes.length);
    Type type = Type.PUT_VALUE;
    byte[] key = EMPTY;
    KadRecord record = null;
    List<KadPeer> closer = new ArrayList<>();
    List<KadPeer> providers = new ArrayList<>();
    ProtoReader in = new ProtoReader(bytes, "kad Message", KadProtocolException::new);
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> type = Type.forNumber(in.readVarint(tag, "type"));
        case 2 -> key = in.readBytes(tag, "key");
        case 3 -> record = KadRecord.decode(in.readBytes(tag, "record"));
        case 8 -> addPeer(closer, in.readBytes(tag, "closerPeers"));
        case 9 -> addPeer(providers, in.readBytes(tag, "providerPeers"));
        default -> in.skip(tag); // clusterLevelRaw (10) and unknown fields
      }
    }
    return new KadMessage(type, key, record, closer, providers);
  }

  private static void addPeer(List<KadPeer> peers, byte[] bytes) {
    KadPeer peer = KadPeer.decode(bytes);
    if (peer != null) {
      peers.add(peer);
    }
  }

  /**
   * Returns the framed encoding: the unsigned varint length, then the protobuf.
   *
   * @throws KadProtocolException if the encoding is longer than {@link #MAX_MESSAGE_SIZE}
   */
  public byte[] encodeFramed() {
    byte[] body = encode();
    requireSize(body.length);
    byte[] out = new byte[Varint.length(body.length) + body.length];
    int offset = Varint.write(out, 0, body.length);
    System.arraycopy(body, 0, out, offset, body.length);
    return out;
  }

  /**
   * Writes the framed encoding ({@link #encodeFramed()}) to {@code out} in one write; does not
   * flush or close it.
   *
   * @throws KadProtocolException if the encoding is longer than {@link #MAX_MESSAGE_SIZE}
   * @throws IOException if {@code out} fails
   */
  public void writeFramed(OutputStream out) throws IOException {
    out.write(encodeFramed());
  }

  /**
   * Reads one framed message of at most {@link #MAX_MESSAGE_SIZE} bytes from {@code in}, or returns
   * null if the input ends before its first byte (the remote closed the stream between messages).
   * Reads exactly the bytes of that one message, so it can be called again for the next message on
   * the same stream.
   *
   * @throws KadProtocolException if the length prefix is malformed or too large, the input ends
   *     inside the message, or the message is invalid
   * @throws IOException if {@code in} fails
   */
  public static KadMessage readFramed(InputStream in) throws IOException {
    return readFramed(in, MAX_MESSAGE_SIZE);
  }

  /**
   * Like {@link #readFramed(InputStream)} with a lower size limit, e.g. for a peer that should only
   * send short requests.
   *
   * @param maxSize the largest message accepted, 0 to {@link #MAX_MESSAGE_SIZE}
   * @throws IllegalArgumentException if {@code maxSize} is out of range
   */
  public static KadMessage readFramed(InputStream in, int maxSize) throws IOException {
    Objects.requireNonNull(in, "in");
    if (maxSize < 0 || maxSize > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("maxSize must be 0.." + MAX_MESSAGE_SIZE + ": " + maxSize);
    }
    long length = 0;
    for (int i = 0; ; i++) {
      int b = in.read();
      if (b < 0) {
        if (i == 0) {
          return null;
        }
        throw new KadProtocolException("truncated kad frame: input ends inside the length prefix");
      }
      if (i == Varint.MAX_LENGTH) {
        throw new KadProtocolException("kad frame length prefix longer than 9 bytes");
      }
      length |= (long) (b & 0x7F) << (7 * i);
      if (length > maxSize) {
        throw new KadProtocolException(
            "kad frame of at least "
                + length
                + " bytes is larger than the limit of "
                + maxSize
                + " bytes");
      }
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new KadProtocolException("kad frame length prefix is not minimally encoded");
        }
        break;
      }
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new KadProtocolException(
          "truncated kad frame: input ends after " + body.length + " of " + length + " bytes");
    }
    return decode(body);
  }

  private static void requireSize(long size) {
    if (size > MAX_MESSAGE_SIZE) {
      throw new KadProtocolException(
          "kad message of "
              + size
              + " bytes is larger than the limit of "
              + MAX_MESSAGE_SIZE
              + " bytes");
    }
  }

  /** Two messages are equal when all their fields are, the key compared by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KadMessage m
        && type == m.type
        && Arrays.equals(key, m.key)
        && Objects.equals(record, m.record)
        && closerPeers.equals(m.closerPeers)
        && providerPeers.equals(m.providerPeers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(key), record, closerPeers, providerPeers);
  }

  /** Returns the fields, the key in hex. */
  @Override
  public String toString() {
    return "KadMessage[type="
        + type
        + ", key="
        + HexFormat.of().formatHex(key)
        + ", record="
        + record
        + ", closerPeers="
        + closerPeers
        + ", providerPeers="
        + providerPeers
        + "]";
  }
}
