package io.kameo.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;

/**
 * INTERNAL API. The transport phase of a libp2p Noise connection: every message is a 2-byte
 * big-endian length and a ChaChaPoly ciphertext of at most {@value #MAX_FRAME_LENGTH} bytes, so at
 * most {@value #MAX_PLAINTEXT_LENGTH} bytes of plaintext per frame; no associated data; nonces
 * count from 0 in each direction.
 *
 * <p>How to drive it: pass outbound plaintext to {@link #encrypt} and write what it produced; pass
 * inbound bytes to {@link #decrypt}, which decrypts every complete frame and leaves a partial one
 * for the next call. A {@link NoiseException} (bad tag, short frame) means the connection must be
 * closed.
 *
 * <p>Sending and receiving are independent: one thread may encrypt while another decrypts, but each
 * direction has one owner at a time (Netty's event loop gives that).
 */
public final class NoiseTransport {
  /** The largest Noise message on the wire, in bytes. */
  public static final int MAX_FRAME_LENGTH = 65535;

  /** The largest plaintext of one frame: the frame limit less the 16-byte tag. */
  public static final int MAX_PLAINTEXT_LENGTH = MAX_FRAME_LENGTH - CipherState.TAG_LENGTH;

  private final CipherState sender;
  private final CipherState receiver;

  NoiseTransport(CipherState sender, CipherState receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  /**
   * Encrypts all readable bytes of {@code plaintext} (consuming them) into frames of at most
   * {@value #MAX_PLAINTEXT_LENGTH} plaintext bytes each, appended to {@code out}. An empty input
   * writes nothing. The caller owns both buffers.
   */
  public void encrypt(ByteBuf plaintext, ByteBuf out) {
    while (plaintext.isReadable()) {
      int length = Math.min(plaintext.readableBytes(), MAX_PLAINTEXT_LENGTH);
      encryptFrame(plaintext, length, out);
    }
  }

  /**
   * Encrypts exactly {@code length} readable bytes of {@code plaintext} into one frame appended to
   * {@code out}; {@code length} may be 0 (an empty frame).
   *
   * @throws IllegalArgumentException if {@code length} is above {@value #MAX_PLAINTEXT_LENGTH} or
   *     more than is readable
   */
  public void encryptFrame(ByteBuf plaintext, int length, ByteBuf out) {
    if (length < 0 || length > MAX_PLAINTEXT_LENGTH || length > plaintext.readableBytes()) {
      throw new IllegalArgumentException(
          "Noise frame plaintext must be 0 to "
              + MAX_PLAINTEXT_LENGTH
              + " readable bytes: "
              + length);
    }
    out.ensureWritable(2 + length + CipherState.TAG_LENGTH);
    out.writeShort(length + CipherState.TAG_LENGTH);
    sender.encrypt(plaintext, length, out);
  }

  /**
   * Decrypts every complete frame readable in {@code in} (consuming it) and appends the plaintext
   * to {@code out}; a partial frame stays in {@code in}. Returns the number of frames decrypted.
   * The caller owns both buffers.
   *
   * @throws NoiseException if a frame fails authentication or is shorter than a tag
   */
  public int decrypt(ByteBuf in, ByteBuf out) {
    int frames = 0;
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        break;
      }
      if (length < CipherState.TAG_LENGTH) {
        throw new NoiseException("Noise frame of " + length + " bytes is shorter than its tag");
      }
      in.skipBytes(2);
      receiver.decrypt(in, length, out);
      frames++;
    }
    return frames;
  }
}
