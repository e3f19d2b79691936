package io.kameo.remote.internal.actor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.kameo.StopReason;
import io.kameo.libp2p.internal.wire.ProtoReader;
import java.io.IOException;
import java.util.Objects;

/**
 * INTERNAL API. One frame of {@value ActorEnvelope#PROTOCOL_ID}, in either direction: {@code
 * message ActorFrame { oneof frame { ActorEnvelope envelope = 1; ActorReply reply = 2; Grant grant
 * = 3; Link link = 4; Unlink unlink = 5; LinkDied link_died = 6; } }}. The sender of messages
 * writes envelopes, links, unlinks and link deaths; the receiver writes replies, grants and link
 * deaths.
 */
public sealed interface ActorFrame
    permits ActorEnvelope,
        ActorReply,
        ActorFrame.Grant,
        ActorFrame.Link,
        ActorFrame.Unlink,
        ActorFrame.LinkDied {

  /** Returns this frame's own protobuf encoding, without the {@code ActorFrame} wrapper. */
  byte[] encode();

  /**
   * Credit: the receiver took {@code messages} more messages, of {@code bytes} counted bytes, from
   * this sender to actor {@code actorId} into its mailbox, so the sender may send that much more:
   * {@code message Grant { uint64 actor_id = 1; uint32 messages = 2; uint64 bytes = 3; }}. A
   * message counts as its wrapped frame's length, at most {@link ActorChannel#WINDOW_BYTES}.
   *
   * @param actorId the actor on the receiving node
   * @param messages how many messages the sender may send in addition
   * @param bytes how many more counted bytes it may send
   */
  record Grant(long actorId, int messages, long bytes) implements ActorFrame {
    @Override
    public byte[] encode() {
      return Proto.write(
          out -> {
            out.writeUInt64(1, actorId);
            out.writeUInt32(2, messages);
            out.writeUInt64(3, bytes);
          });
    }
  }

  /**
   * Links actor {@code source} of the sending node with actor {@code target} of the receiving one:
   * {@code message Link { uint64 request_id = 1; uint64 target = 2; uint64 source = 3; bool watch =
   * 4; fixed64 incarnation = 5; }}. Answered by an {@link ActorReply} to {@code requestId}: refused
   * with {@code STALE_REF} if the receiving node's incarnation is not {@code incarnation}. A watch
   * notifies only the source when the target stops; a link notifies both ways.
   *
   * @param requestId the id the answer carries
   * @param target the actor on the receiving node
   * @param source the actor on the sending node
   * @param watch whether only the source is notified
   * @param incarnation the receiving node's incarnation the sender's reference names
   */
  record Link(long requestId, long target, long source, boolean watch, long incarnation)
      implements ActorFrame {
    @Override
    public byte[] encode() {
      return Proto.write(
          out -> {
            out.writeUInt64(1, requestId);
            out.writeUInt64(2, target);
            out.writeUInt64(3, source);
            out.writeBool(4, watch);
            out.writeFixed64(5, incarnation);
          });
    }
  }

  /**
   * Removes the link or watch between {@code source} (sending node) and {@code target} (receiving
   * node): {@code message Unlink { uint64 target = 1; uint64 source = 2; }}.
   *
   * @param target the actor on the receiving node
   * @param source the actor on the sending node
   */
  record Unlink(long target, long source) implements ActorFrame {
    @Override
    public byte[] encode() {
      return Proto.write(
          out -> {
            out.writeUInt64(1, target);
            out.writeUInt64(2, source);
          });
    }
  }

  /**
   * Actor {@code dead} of the writing node stopped for {@code reason}; its link partner {@code
   * linked} on the reading node is told: {@code message LinkDied { uint64 dead = 1; uint64 linked =
   * 2; StopReason reason = 3; }} (see {@link RemoteStopReasons}).
   *
   * @param dead the actor that stopped, on the writing node
   * @param linked the linked actor, on the reading node
   * @param reason why it stopped
   */
  record LinkDied(long dead, long linked, StopReason reason) implements ActorFrame {
    /** Checks the reason. */
    public LinkDied {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public byte[] encode() {
      return Proto.write(
          out -> {
            out.writeUInt64(1, dead);
            out.writeUInt64(2, linked);
            out.writeByteArray(3, RemoteStopReasons.encode(reason));
          });
    }
  }

  /** Returns the frame wrapped in an {@code ActorFrame}, ready for {@code StreamFrames}. */
  static byte[] wrap(ActorFrame frame) {
    int field =
        switch (frame) {
          case ActorEnvelope e -> 1;
          case ActorReply r -> 2;
          case Grant g -> 3;
          case Link l -> 4;
          case Unlink u -> 5;
          case LinkDied d -> 6;
        };
    byte[] body = frame.encode();
    return Proto.write(out -> out.writeByteArray(field, body));
  }

  /**
   * Returns the size {@link #wrap} gives {@code envelope} with any request id: the size a receiver
   * checks against its limit, known before a request id is drawn.
   */
  static int wrappedSize(ActorEnvelope envelope) {
    int body =
        CodedOutputStream.computeUInt64Size(6, Long.MAX_VALUE)
            + CodedOutputStream.computeUInt64Size(1, envelope.actorId())
            + CodedOutputStream.computeBoolSize(5, envelope.ask())
            + (envelope.ack() ? CodedOutputStream.computeBoolSize(8, true) : 0)
            + (envelope.format() == Encoding.CBOR
                ? 0
                : CodedOutputStream.computeUInt32Size(9, envelope.format().code()))
            + (envelope.mailboxTimeoutMillis() == 0
                ? 0
                : CodedOutputStream.computeUInt64Size(10, envelope.mailboxTimeoutMillis()))
            + (envelope.replyTimeoutMillis() == 0
                ? 0
                : CodedOutputStream.computeUInt64Size(11, envelope.replyTimeoutMillis()))
            + CodedOutputStream.computeFixed64Size(7, envelope.incarnation())
            + CodedOutputStream.computeStringSize(2, envelope.actorType())
            + CodedOutputStream.computeStringSize(3, envelope.messageId())
            + CodedOutputStream.computeByteArraySize(4, envelope.payload());
    return CodedOutputStream.computeTagSize(1)
        + CodedOutputStream.computeUInt32SizeNoTag(body)
        + body;
  }

  /**
   * Decodes a wrapped frame.
   *
   * @throws IllegalArgumentException if the bytes are not exactly one valid frame
   */
  static ActorFrame unwrap(byte[] bytes) {
    ProtoReader in = new ProtoReader(bytes, "actor frame");
    int tag = in.nextTag();
    if (tag == 0) {
      throw new IllegalArgumentException("malformed actor frame: empty");
    }
    int kind = ProtoReader.field(tag);
    byte[] body = in.readBytes(tag, "frame " + kind);
    if (in.nextTag() != 0) {
      throw new IllegalArgumentException("malformed actor frame: more than one frame");
    }
    return switch (kind) {
      case 1 -> ActorEnvelope.decode(body);
      case 2 -> ActorReply.decode(body);
      case 3 -> decodeGrant(body);
      case 4 -> decodeLink(body);
      case 5 -> decodeUnlink(body);
      case 6 -> decodeLinkDied(body);
      default -> throw new IllegalArgumentException("unknown actor frame " + tag);
    };
  }

  /**
   * What the first bytes of a frame too large to read say about it: which request it answers or
   * asks, and for which actor.
   *
   * @param envelope whether it is an envelope (else a reply)
   * @param requestId its request id, or 0 if the head does not say
   * @param actorId the target actor of an envelope, or 0
   * @param answered whether the envelope's sender waits for an answer
   */
  record Head(boolean envelope, long requestId, long actorId, boolean answered) {}

  /**
   * Reads what it can from the first bytes of a wrapped envelope or reply (whose small fields come
   * first); returns null if the head is neither or says nothing useful.
   */
  static Head peek(byte[] head) {
    long requestId = 0;
    long actorId = 0;
    boolean answered = false;
    boolean envelope = false;
    try {
      CodedInputStream in = CodedInputStream.newInstance(head);
      int tag = in.readTag();
      envelope = tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED);
      if (!envelope && tag != (2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        return null;
      }
      in.readUInt32(); // the body's length: past the end of the head
      for (int t = in.readTag(); t != 0; t = in.readTag()) {
        if (WireFormat.getTagWireType(t) != WireFormat.WIRETYPE_VARINT) {
          break; // the strings and the payload follow the fields wanted here
        }
        long value = in.readUInt64();
        int field = WireFormat.getTagFieldNumber(t);
        if (envelope ? field == 6 : field == 4) {
          requestId = value;
        } else if (envelope && field == 1) {
          actorId = value;
        } else if (envelope && (field == 5 || field == 8)) {
          answered |= value != 0;
        }
      }
    } catch (IOException e) {
      // the head ended inside a field: keep what was read before it
    }
    return requestId == 0 && actorId == 0 ? null : new Head(envelope, requestId, actorId, answered);
  }

  private static Grant decodeGrant(byte[] body) {
    long[] f = Proto.varints(body, 3);
    if (f[1] <= 0 || f[1] > Integer.MAX_VALUE || f[2] < 0) {
      throw new IllegalArgumentException("grant of " + f[1] + " messages, " + f[2] + " bytes");
    }
    return new Grant(f[0], (int) f[1], f[2]);
  }

  private static Link decodeLink(byte[] body) {
    long[] f = new long[5];
    ProtoReader in = new ProtoReader(body, "link");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      int field = ProtoReader.field(tag);
      if (field >= 1 && field <= 4) {
        f[field - 1] = in.readVarint(tag, "field " + field);
      } else if (field == 5) {
        f[4] = in.readFixed64(tag, "incarnation");
      } else {
        in.skip(tag);
      }
    }
    return new Link(f[0], f[1], f[2], f[3] != 0, f[4]);
  }

  private static Unlink decodeUnlink(byte[] body) {
    long[] f = Proto.varints(body, 2);
    return new Unlink(f[0], f[1]);
  }

  private static LinkDied decodeLinkDied(byte[] body) {
    long dead = 0;
    long linked = 0;
    StopReason reason = null;
    ProtoReader in = new ProtoReader(body, "link death");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> dead = in.readVarint(tag, "dead");
        case 2 -> linked = in.readVarint(tag, "linked");
        case 3 -> reason = RemoteStopReasons.decode(in.readBytes(tag, "reason"));
        default -> in.skip(tag);
      }
    }
    if (reason == null) {
      throw new IllegalArgumentException("link death without a reason");
    }
    return new LinkDied(dead, linked, reason);
  }
}
