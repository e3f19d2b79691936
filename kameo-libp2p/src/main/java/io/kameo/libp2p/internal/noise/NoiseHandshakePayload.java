package io.kameo.libp2p.internal.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The libp2p {@code NoiseHandshakePayload} protobuf of the noise spec:
 *
 * <pre>
 * message NoiseExtensions { repeated bytes webtransport_certhashes = 1; repeated string stream_muxers = 2; }
 * message NoiseHandshakePayload { optional bytes identity_key = 1; optional bytes identity_sig = 2;
 *                                 optional NoiseExtensions extensions = 4; }
 * </pre>
 *
 * Missing byte fields decode as empty arrays; unknown fields are skipped, as protobuf requires. The
 * arrays are not copied: treat them as read-only.
 *
 * @param identityKey the sender's libp2p {@code PublicKey} protobuf
 * @param identitySig the signature over {@code "noise-libp2p-static-key:" ‖ static public key}
 * @param webtransportCerthashes {@code extensions.webtransport_certhashes}
 * @param streamMuxers {@code extensions.stream_muxers}, in the sender's order of preference
 */
public record NoiseHandshakePayload(
    byte[] identityKey,
    byte[] identitySig,
    List<byte[]> webtransportCerthashes,
    List<String> streamMuxers) {

  /** Copies the lists and checks for nulls. */
  public NoiseHandshakePayload {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(identitySig, "identitySig");
    webtransportCerthashes = List.copyOf(webtransportCerthashes);
    streamMuxers = List.copyOf(streamMuxers);
  }

  /** Returns the protobuf encoding; the extensions field is written only when it has entries. */
  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeByteArray(1, identityKey);
      out.writeByteArray(2, identitySig);
      if (!webtransportCerthashes.isEmpty() || !streamMuxers.isEmpty()) {
        ByteArrayOutputStream extBytes = new ByteArrayOutputStream();
        CodedOutputStream ext = CodedOutputStream.newInstance(extBytes);
        for (byte[] hash : webtransportCerthashes) {
          ext.writeByteArray(1, hash);
        }
        for (String muxer : streamMuxers) {
          ext.writeString(2, muxer);
        }
        ext.flush();
        out.writeBytes(4, ByteString.copyFrom(extBytes.toByteArray()));
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes the protobuf.
   *
   * @throws NoiseException if the bytes are not a valid {@code NoiseHandshakePayload}
   */
  public static NoiseHandshakePayload decode(byte[] bytes) {
    byte[] key = new byte[0];
    byte[] sig = new byte[0];
    List<byte[]> hashes = new ArrayList<>();
    List<String> muxers = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> key = in.readByteArray();
          case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> sig = in.readByteArray();
          case (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
            CodedInputStream ext = CodedInputStream.newInstance(in.readByteArray());
            for (int t = ext.readTag(); t != 0; t = ext.readTag()) {
              switch (t) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    hashes.add(ext.readByteArray());
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    muxers.add(ext.readStringRequireUtf8());
                default -> skip(ext, t);
              }
            }
          }
          default -> skip(in, tag);
        }
      }
    } catch (IOException e) {
      throw new NoiseException("malformed Noise handshake payload: " + e.getMessage(), e);
    }
    return new NoiseHandshakePayload(key, sig, hashes, muxers);
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (WireFormat.getTagFieldNumber(tag) == 0 || !in.skipField(tag)) {
      throw new NoiseException("malformed Noise handshake payload: bad tag " + tag);
    }
  }
}
