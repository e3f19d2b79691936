package io.kameo.remote.internal.actor;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import io.kameo.remote.error.RemoteSendException;

/**
 * INTERNAL API. The answer to an ask or an acknowledged tell: {@code message ActorReply { bytes
 * payload = 1; uint32 error = 2; string error_message = 3; uint64 request_id = 4; uint32 format =
 * 5; }}, where {@code error} is 0 for a reply (the payload is the reply serialized in {@code
 * format}, as in {@link ActorEnvelope}) or 1 + the ordinal of a {@link RemoteSendException.Reason}.
 * The request id is written first, so an oversized reply can still be matched to its request
 * ({@link ActorFrame#peek}).
 *
 * @param payload the serialized reply; empty for an error
 * @param error why the message was not handled, or null for a reply
 * @param errorMessage what the remote node said about the error, or empty
 * @param requestId the id of the request this answers
 * @param format how the payload is serialized
 */
public record ActorReply(
    byte[] payload,
    RemoteSendException.Reason error,
    String errorMessage,
    long requestId,
    Encoding format)
    implements ActorFrame {

  /** Returns a successful CBOR reply to request {@code requestId}. */
  public static ActorReply ok(long requestId, byte[] payload) {
    return ok(requestId, payload, Encoding.CBOR);
  }

  /** Returns a successful reply to request {@code requestId}, serialized in {@code format}. */
  public static ActorReply ok(long requestId, byte[] payload, Encoding format) {
    return new ActorReply(payload, null, "", requestId, format);
  }

  /** Returns an error answer to request {@code requestId}. */
  public static ActorReply failed(
      long requestId, RemoteSendException.Reason error, String message) {
    return new ActorReply(new byte[0], error, message, requestId, Encoding.CBOR);
  }

  /** Returns the protobuf encoding. */
  public byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          out.writeUInt64(4, requestId);
          if (error != null) {
            out.writeUInt32(2, error.ordinal() + 1);
            out.writeString(3, errorMessage);
          }
          if (format != Encoding.CBOR) {
            out.writeUInt32(5, format.code());
          }
          out.writeByteArray(1, payload);
        });
  }

  /**
   * Decodes a reply; unknown fields are skipped.
   *
   * @throws IllegalArgumentException if the bytes are malformed (also a known field of the wrong
   *     wire type) or name an unknown error
   */
  public static ActorReply decode(byte[] bytes) {
    byte[] payload = new byte[0];
    int error = 0;
    String message = "";
    long requestId = 0;
    int format = Encoding.CBOR.code();
    ProtoReader in = new ProtoReader(bytes, "actor reply");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> payload = in.readBytes(tag, "payload");
        case 2 -> error = in.readUInt32(tag, "error");
        case 3 -> message = in.readString(tag, "error_message");
        case 4 -> requestId = in.readVarint(tag, "request_id");
        case 5 -> format = in.readUInt32(tag, "format");
        default -> in.skip(tag);
      }
    }
    RemoteSendException.Reason[] reasons = RemoteSendException.Reason.values();
    if (error < 0 || error > reasons.length) {
      throw new IllegalArgumentException("actor reply with unknown error code " + error);
    }
    return new ActorReply(
        payload,
        error == 0 ? null : reasons[error - 1],
        message,
        requestId,
        Encoding.ofCode(format));
  }
}
