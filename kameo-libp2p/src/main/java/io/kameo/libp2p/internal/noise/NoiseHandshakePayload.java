package io.kameo.libp2p.internal.noise;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
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
 * Missing byte fields decode as empty arrays; unknown fields are skipped, as protobuf requires, and
 * a known field of the wrong wire type is rejected ({@link ProtoReader}). The arrays are not
 * copied: treat them as read-only.
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
    byte[] extensions =
        webtransportCerthashes.isEmpty() && streamMuxers.isEmpty()
            ? null
            : ProtoWriter.encode(
                ext -> {
                  for (byte[] hash : webtransportCerthashes) {
                    ext.writeByteArray(1, hash);
                  }
                  for (String muxer : streamMuxers) {
                    ext.writeString(2, muxer);
                  }
                });
    return ProtoWriter.encode(
        out -> {
          out.writeByteArray(1, identityKey);
          out.writeByteArray(2, identitySig);
          if (extensions != null) {
            out.writeByteArray(4, extensions);
          }
        });
  }

  /**
   * Decodes the protobuf.
   *
   * @throws NoiseException if the bytes are not a valid {@code NoiseHandshakePayload} (also a known
   *     field of the wrong wire type, or malformed UTF-8), naming the field and offset
   */
  public static NoiseHandshakePayload decode(byte[] bytes) {
    byte[] key = new byte[0];
    byte[] sig = new byte[0];
    List<byte[]> hashes = new ArrayList<>();
    List<String> muxers = new ArrayList<>();
    ProtoReader in = new ProtoReader(bytes, "Noise handshake payload", NoiseException::new);
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> key = in.readBytes(tag, "identity_key");
        case 2 -> sig = in.readBytes(tag, "identity_sig");
        case 4 -> {
          ProtoReader ext =
              new ProtoReader(
                  in.readBytes(tag, "extensions"), "Noise extensions", NoiseException::new);
          for (int t = ext.nextTag(); t != 0; t = ext.nextTag()) {
            switch (ProtoReader.field(t)) {
              case 1 -> hashes.add(ext.readBytes(t, "webtransport_certhashes"));
              case 2 -> muxers.add(ext.readString(t, "stream_muxers"));
              default -> ext.skip(t);
            }
          }
        }
        default -> in.skip(tag);
      }
    }
    return new NoiseHandshakePayload(key, sig, hashes, muxers);
  }
}
