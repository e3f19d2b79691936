package io.kameo.libp2p.internal.multistream;

import io.kameo.libp2p.internal.wire.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API. The multistream-select 1.0 message format: an unsigned-varint length, then the
 * message, then {@code '\n'}; the length counts the newline. An inbound message is limited to
 * {@link #MAX_MESSAGE_LENGTH} bytes (newline included), so its length prefix takes at most 2 bytes.
 *
 * <p>Buffer ownership: every method reads from or writes to buffers the caller owns and never
 * releases them.
 */
public final class MultistreamCodec {
  /** The protocol id of multistream-select 1.0, sent first by both sides. */
  public static final String PROTOCOL_ID = "/multistream/1.0.0";

  /** The reply to a protocol the listener does not support. */
  public static final String NA = "na";

  /** The request for the listener's protocols. */
  public static final String LS = "ls";

  /** The largest inbound message, in bytes, newline included. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private MultistreamCodec() {}

  /**
   * Writes {@code message} followed by {@code '\n'}, length-prefixed, to {@code out}.
   *
   * @throws IllegalArgumentException if the message contains a newline or is longer than {@link
   *     #MAX_MESSAGE_LENGTH} - 1 bytes in UTF-8
   */
  public static void writeMessage(ByteBuf out, String message) {
    if (message.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("multistream message must not contain '\\n': " + message);
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length + 1 > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException(
          "multistream message longer than " + (MAX_MESSAGE_LENGTH - 1) + " bytes: " + message);
    }
    writeBody(out, bytes);
  }

  /** Writes {@code body ‖ '\n'} with its length prefix; no limit is applied. */
  static void writeBody(ByteBuf out, byte[] body) {
    Varint.write(out, body.length + 1L);
    out.writeBytes(body);
    out.writeByte('\n');
  }

  /**
   * Writes the reply to {@code ls}: one message whose body is each protocol as a length-prefixed,
   * newline-terminated entry, as the multistream-select README shows.
   */
  public static void writeList(ByteBuf out, List<String> protocols) {
    ByteBuf body = Unpooled.buffer();
    try {
      for (String protocol : protocols) {
        writeMessage(body, protocol);
      }
      byte[] bytes = new byte[body.readableBytes()];
      body.readBytes(bytes);
      writeBody(out, bytes);
    } finally {
      body.release();
    }
  }

  /**
   * Decodes the body of a reply to {@code ls} (a message read by {@link #tryReadMessage}) into its
   * protocols.
   *
   * @throws MultistreamException if an entry is malformed
   */
  public static List<String> decodeList(byte[] body) {
    ByteBuf in = Unpooled.wrappedBuffer(body);
    List<String> protocols = new ArrayList<>();
    while (in.isReadable()) {
      byte[] entry = tryReadMessage(in);
      if (entry == null) {
        throw new MultistreamException("truncated entry in ls reply");
      }
      protocols.add(decodeText(entry));
    }
    return protocols;
  }

  /**
   * Reads one message from {@code in} and returns its body without the newline, or returns null and
   * leaves {@code in} untouched when the whole message has not arrived yet.
   *
   * @throws MultistreamException if the length is above {@link #MAX_MESSAGE_LENGTH} or the message
   *     does not end in a newline ("Missing newline")
   */
  public static byte[] tryReadMessage(ByteBuf in) {
    int start = in.readerIndex();
    long length;
    try {
      length = Varint.tryRead(in, 2);
    } catch (IllegalArgumentException e) {
      throw new MultistreamException(
          "invalid multistream message length: "
              + e.getMessage()
              + " (max "
              + MAX_MESSAGE_LENGTH
              + " bytes)");
    }
    if (length < 0) {
      return null;
    }
    if (length > MAX_MESSAGE_LENGTH) {
      throw new MultistreamException(
          "multistream message of " + length + " bytes exceeds " + MAX_MESSAGE_LENGTH);
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    if (length == 0 || in.getByte(in.readerIndex() + (int) length - 1) != '\n') {
      throw new MultistreamException("Missing newline");
    }
    byte[] body = new byte[(int) length - 1];
    in.readBytes(body);
    in.skipBytes(1);
    return body;
  }

  /**
   * Decodes a message body as strict UTF-8.
   *
   * @throws MultistreamException if it is not valid UTF-8
   */
  public static String decodeText(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MultistreamException("multistream message is not valid UTF-8");
    }
  }
}
