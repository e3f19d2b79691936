package io.kameo.remote.internal.actor;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.util.Objects;

/**
 * INTERNAL API. One message to a remote actor, as sent on {@value #PROTOCOL_ID}: {@code message
 * ActorEnvelope { uint64 actor_id = 1; string actor_type = 2; string message_id = 3; bytes payload
 * = 4; bool ask = 5; uint64 request_id = 6; fixed64 incarnation = 7; bool ack = 8; uint32 format =
 * 9; uint64 mailbox_timeout_ms = 10; uint64 reply_timeout_ms = 11; }}. The payload is the message
 * serialized in {@code format} ({@link Encoding#code()}: 1 CBOR, 2 JSON; absent means CBOR); the
 * timeouts are the sender's for this message, 0 for the receiving node's default. The request id,
 * chosen by the sender, comes back on the {@link ActorReply}, so many requests can be in flight on
 * one stream. The incarnation is the one of the target's node that the sender's reference was found
 * in; the node refuses a message for another. A plain tell (neither {@code ask} nor {@code ack})
 * gets no answer. The small fields are written before the strings and the payload, so a receiver
 * that refuses an oversized envelope can still read whom to answer from its first bytes ({@link
 * ActorFrame#peek}).
 *
 * @param actorId the target actor's id on its node
 * @param actorType the target's remote actor type id ({@code @RemoteActor})
 * @param messageId the handler's message id ({@code @RemoteMessage})
 * @param ask whether the sender waits for a reply
 * @param payload the serialized message
 * @param requestId the sender's id of this request
 * @param incarnation the target node's incarnation the sender addresses
 * @param ack whether the sender of a tell waits for word that the mailbox took it
 * @param format how the payload is serialized
 * @param mailboxTimeoutMillis how long the receiver may wait for room in the mailbox, or 0
 * @param replyTimeoutMillis how long the receiver may wait for the actor's reply, or 0
 */
public record ActorEnvelope(
    long actorId,
    String actorType,
    String messageId,
    boolean ask,
    byte[] payload,
    long requestId,
    long incarnation,
    boolean ack,
    Encoding format,
    long mailboxTimeoutMillis,
    long replyTimeoutMillis)
    implements ActorFrame {

  /** The protocol id of remote actor messaging (3: payload format and per-message timeouts). */
  public static final String PROTOCOL_ID = "/kameo/actor/3.0.0";

  /** Checks the fields. */
  public ActorEnvelope {
    Objects.requireNonNull(actorType, "actorType");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(format, "format");
    if (mailboxTimeoutMillis < 0 || replyTimeoutMillis < 0) {
      throw new IllegalArgumentException(
          "negative timeout: mailbox " + mailboxTimeoutMillis + ", reply " + replyTimeoutMillis);
    }
  }

  /** A CBOR envelope with the receiver's default timeouts. */
  public ActorEnvelope(
      long actorId,
      String actorType,
      String messageId,
      boolean ask,
      byte[] payload,
      long requestId,
      long incarnation,
      boolean ack) {
    this(
        actorId,
        actorType,
        messageId,
        ask,
        payload,
        requestId,
        incarnation,
        ack,
        Encoding.CBOR,
        0,
        0);
  }

  /** An envelope without {@code ack}. */
  public ActorEnvelope(
      long actorId,
      String actorType,
      String messageId,
      boolean ask,
      byte[] payload,
      long requestId,
      long incarnation) {
    this(actorId, actorType, messageId, ask, payload, requestId, incarnation, false);
  }

  /** Returns whether the sender waits for an answer: the reply, or word the mailbox took it. */
  public boolean answered() {
    return ask || ack;
  }

  /** Returns the protobuf encoding. */
  public byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          // the fields a receiver answers by first (varints, see ActorFrame.peek), the payload last
          out.writeUInt64(6, requestId);
          out.writeUInt64(1, actorId);
          out.writeBool(5, ask);
          if (ack) {
            out.writeBool(8, true);
          }
          if (format != Encoding.CBOR) {
            out.writeUInt32(9, format.code());
          }
          if (mailboxTimeoutMillis != 0) {
            out.writeUInt64(10, mailboxTimeoutMillis);
          }
          if (replyTimeoutMillis != 0) {
            out.writeUInt64(11, replyTimeoutMillis);
          }
          out.writeFixed64(7, incarnation);
          out.writeString(2, actorType);
          out.writeString(3, messageId);
          out.writeByteArray(4, payload);
        });
  }

  /**
   * Decodes an envelope; unknown fields are skipped.
   *
   * @throws IllegalArgumentException if the bytes are not a valid envelope (also a known field of
   *     the wrong wire type, or malformed UTF-8) or a field is missing
   */
  public static ActorEnvelope decode(byte[] bytes) {
    long actorId = 0;
    String actorType = null;
    String messageId = null;
    byte[] payload = null;
    boolean ask = false;
    long requestId = 0;
    long incarnation = 0;
    boolean ack = false;
    int format = Encoding.CBOR.code();
    long mailboxTimeout = 0;
    long replyTimeout = 0;
    ProtoReader in = new ProtoReader(bytes, "actor envelope");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> actorId = in.readVarint(tag, "actor_id");
        case 2 -> actorType = in.readString(tag, "actor_type");
        case 3 -> messageId = in.readString(tag, "message_id");
        case 4 -> payload = in.readBytes(tag, "payload");
        case 5 -> ask = in.readBool(tag, "ask");
        case 6 -> requestId = in.readVarint(tag, "request_id");
        case 7 -> incarnation = in.readFixed64(tag, "incarnation");
        case 8 -> ack = in.readBool(tag, "ack");
        case 9 -> format = in.readUInt32(tag, "format");
        case 10 -> mailboxTimeout = in.readVarint(tag, "mailbox_timeout_ms");
        case 11 -> replyTimeout = in.readVarint(tag, "reply_timeout_ms");
        default -> in.skip(tag);
      }
    }
    if (actorType == null || messageId == null) {
      throw new IllegalArgumentException("actor envelope without actor type or message id");
    }
    if (mailboxTimeout < 0 || replyTimeout < 0) {
      throw new IllegalArgumentException("actor envelope with a timeout above 2^63 ms");
    }
    return new ActorEnvelope(
        actorId,
        actorType,
        messageId,
        ask,
        payload == null ? new byte[0] : payload,
        requestId,
        incarnation,
        ack,
        Encoding.ofCode(format),
        mailboxTimeout,
        replyTimeout);
  }
}
