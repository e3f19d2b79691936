package io.kameo.libp2p.internal.noise;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.PublicKey;
import io.kameo.libp2p.internal.crypto.X25519;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. The libp2p Noise handshake ({@code /noise}): {@code
 * Noise_XX_25519_ChaChaPoly_SHA256} with an empty prologue, each message framed by a 2-byte
 * big-endian length, as a state machine over buffers.
 *
 * <p>Message 1 (initiator) carries an empty payload; message 2 (responder) and message 3
 * (initiator) carry a {@link NoiseHandshakePayload} with the sender's identity key, its signature
 * over {@code "noise-libp2p-static-key:" ‖ static X25519 key}, and the stream muxers given here as
 * early data. Each side verifies the other's signature, that the remote is not itself, and, if an
 * expected peer id was given (the {@code /p2p} part of a dialed address), that the remote is that
 * peer.
 *
 * <p><b>Early muxer negotiation</b> (inlined-muxer-negotiation spec, and what js-libp2p does): the
 * muxer is agreed inside the handshake only when <em>both</em> sides sent a non-empty {@code
 * stream_muxers} list; it is then the first entry of the initiator's list that the responder also
 * lists, and no overlap fails the handshake. If either list is empty, {@link
 * NoiseResult#earlyMuxer()} is empty and the muxer must be negotiated with multistream-select after
 * the handshake. js-libp2p always sends {@code ["/yamux/1.0.0"]} and skips multistream-select
 * exactly when the remote's list is non-empty, so both rules agree against it; a side that sends no
 * muxers must never skip multistream-select just because the remote sent a list.
 *
 * <p>How to drive it: the initiator calls {@link #start} and writes what it wrote; both sides then
 * pass each inbound buffer to {@link #onRead} and write what it wrote to {@code out}, until it
 * returns {@code true}. {@link #result()} then gives the remote identity, the early muxer and the
 * {@link NoiseTransport}; bytes still readable in the inbound buffer are already transport frames.
 * A {@link NoiseException} fails the handshake: close the connection. The responder needs no {@link
 * #start}. Not thread-safe: one owner.
 */
public final class NoiseHandshake {
  /** The multistream-select protocol id of libp2p Noise. */
  public static final String PROTOCOL_ID = "/noise";

  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  private final boolean initiator;
  private final Keypair identity;
  private final PeerId expectedRemote;
  private final List<String> muxers;
  private final X25519 staticKey;
  private final HandshakeState state;
  private boolean started;
  private boolean failed;
  private NoiseResult result;
  private NoiseHandshakePayload remotePayload;
  private PublicKey remoteKey;

  NoiseHandshake(
      boolean initiator,
      Keypair identity,
      PeerId expectedRemote,
      List<String> muxers,
      X25519 staticKey,
      X25519 ephemeral) {
    this.initiator = initiator;
    this.identity = Objects.requireNonNull(identity, "identity");
    this.expectedRemote = expectedRemote;
    this.muxers = List.copyOf(muxers);
    this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
    this.state = new HandshakeState(initiator, new byte[0], staticKey, ephemeral);
  }

  /**
   * Returns the dialing side's handshake.
   *
   * @param identity the local identity, which signs the static Noise key
   * @param expectedRemote the peer the dialed address names, or null to accept any peer
   * @param muxers the stream muxers to offer as early data, e.g. {@code ["/yamux/1.0.0"]}; empty to
   *     negotiate the muxer with multistream-select afterwards
   */
  public static NoiseHandshake initiator(
      Keypair identity, PeerId expectedRemote, List<String> muxers) {
    return new NoiseHandshake(true, identity, expectedRemote, muxers, X25519.generate(), null);
  }

  /**
   * Returns the listening side's handshake.
   *
   * @param identity the local identity, which signs the static Noise key
   * @param muxers the stream muxers to offer as early data; empty to negotiate the muxer with
   *     multistream-select afterwards
   */
  public static NoiseHandshake responder(Keypair identity, List<String> muxers) {
    return new NoiseHandshake(false, identity, null, muxers, X25519.generate(), null);
  }

  /**
   * Writes message 1 to {@code out} on the initiator, which must call this before {@link #onRead};
   * does nothing on the responder, for which it is optional. The caller owns {@code out}.
   *
   * @throws IllegalStateException if called twice
   */
  public void start(ByteBuf out) {
    if (started) {
      throw new IllegalStateException("handshake already started");
    }
    started = true;
    if (initiator) {
      writeFrame(out, state.writeMessage(new byte[0]));
    }
  }

  /**
   * Consumes the handshake frames readable in {@code in} and writes this side's next message to
   * {@code out}; both buffers stay owned by the caller. Returns {@code true} once the handshake is
   * complete; bytes after the last handshake frame are left unread in {@code in}.
   *
   * @throws NoiseException if a message is malformed or fails authentication, the remote's
   *     signature does not verify, the remote is not the expected peer or is this peer, or the
   *     early muxer lists have no overlap
   * @throws IllegalStateException if an initiator was not started, or called after completion or
   *     failure
   */
  public boolean onRead(ByteBuf in, ByteBuf out) {
    if ((initiator && !started) || failed || result != null) {
      throw new IllegalStateException(
          "handshake " + (failed ? "failed" : result != null ? "complete" : "not started"));
    }
    started = true;
    try {
      while (!state.isComplete() && !state.isMyTurn()) {
        byte[] message = readFrame(in);
        if (message == null) {
          return false;
        }
        byte[] payload = state.readMessage(message);
        if (state.isComplete() || initiator) {
          // message 2 (read by the initiator) or 3 (read by the responder) carries the payload
          verify(payload);
        }
        if (state.isMyTurn()) {
          writeFrame(out, state.writeMessage(localPayload().encode()));
        }
      }
      finish();
      return true;
    } catch (NoiseException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Returns the outcome of a complete handshake.
   *
   * @throws IllegalStateException if the handshake is not complete
   */
  public NoiseResult result() {
    if (result == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return result;
  }

  private NoiseHandshakePayload localPayload() {
    byte[] toSign = concat(SIGNATURE_PREFIX, staticKey.publicKey());
    return new NoiseHandshakePayload(
        identity.publicKey().toProtobuf(), identity.sign(toSign), List.of(), muxers);
  }

  private void verify(byte[] payloadBytes) {
    NoiseHandshakePayload payload = NoiseHandshakePayload.decode(payloadBytes);
    PublicKey key;
    try {
      key = PublicKey.fromProtobuf(payload.identityKey());
    } catch (IllegalArgumentException e) {
      throw new NoiseException("invalid identity key in Noise handshake: " + e.getMessage(), e);
    }
    byte[] signed = concat(SIGNATURE_PREFIX, state.remoteStatic());
    if (!key.verify(signed, payload.identitySig())) {
      throw new NoiseException(
          "invalid Noise handshake signature from "
              + key.peerId()
              + ": static key not signed by identity");
    }
    PeerId remote = key.peerId();
    if (remote.equals(identity.peerId())) {
      throw new NoiseException("remote peer " + remote + " is this peer: can not connect to self");
    }
    if (expectedRemote != null && !expectedRemote.equals(remote)) {
      throw new NoiseException(
          "unexpected peer: expected " + expectedRemote + " but remote is " + remote);
    }
    remoteKey = key;
    remotePayload = payload;
    earlyMuxer(); // fail before sending message 3 when the lists have no overlap
  }

  private Optional<String> earlyMuxer() {
    List<String> remoteMuxers = remotePayload.streamMuxers();
    if (muxers.isEmpty() || remoteMuxers.isEmpty()) {
      return Optional.empty();
    }
    List<String> initiatorList = initiator ? muxers : remoteMuxers;
    List<String> responderList = initiator ? remoteMuxers : muxers;
    for (String muxer : initiatorList) {
      if (responderList.contains(muxer)) {
        return Optional.of(muxer);
      }
    }
    throw new NoiseException(
        "no common stream muxer: initiator offers "
            + initiatorList
            + ", responder "
            + responderList);
  }

  private void finish() {
    CipherState[] ciphers = state.split();
    result =
        new NoiseResult(
            remoteKey.peerId(),
            remoteKey,
            remotePayload.streamMuxers(),
            earlyMuxer(),
            state.handshakeHash(),
            new NoiseTransport(ciphers[0], ciphers[1]));
  }

  private static void writeFrame(ByteBuf out, byte[] message) {
    if (message.length > NoiseTransport.MAX_FRAME_LENGTH) {
      throw new NoiseException(
          "Noise handshake message of "
              + message.length
              + " bytes exceeds "
              + NoiseTransport.MAX_FRAME_LENGTH);
    }
    out.writeShort(message.length);
    out.writeBytes(message);
  }

  private static byte[] readFrame(ByteBuf in) {
    if (in.readableBytes() < 2) {
      return null;
    }
    int length = in.getUnsignedShort(in.readerIndex());
    if (in.readableBytes() < 2 + length) {
      return null;
    }
    in.skipBytes(2);
    byte[] message = new byte[length];
    in.readBytes(message);
    return message;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
