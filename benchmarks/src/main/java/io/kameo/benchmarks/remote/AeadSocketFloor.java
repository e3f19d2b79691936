package io.kameo.benchmarks.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The least any Noise transport in Java can do on loopback: the JDK's ChaCha20-Poly1305 on full
 * Noise frames (2-byte length, at most 65 519 bytes of plaintext, 16-byte tag, a nonce per frame)
 * over a blocking socket, one thread encrypting and writing, one reading and decrypting, no
 * multiplexing, no event loop, no buffer pool. What it reaches is the ceiling for an encrypted
 * stream on the machine; the gap between it and a plain socket is the cipher's cost alone.
 */
final class AeadSocketFloor {
  private static final int MAX_PLAINTEXT = 65535 - 16;

  private AeadSocketFloor() {}

  /**
   * Sends {@code bytes} from {@code chunk} (repeated) and returns MB/s until the reader has all.
   */
  static double run(long bytes, byte[] chunk) throws Exception {
    byte[] key = new byte[32];
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      long[] received = new long[1];
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (SocketChannel in = listener.accept()) {
                      received[0] = readAndDecrypt(in, key);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    } catch (GeneralSecurityException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      long start = System.nanoTime();
      try (SocketChannel out = SocketChannel.open(listener.getLocalAddress())) {
        out.setOption(StandardSocketOptions.TCP_NODELAY, true);
        encryptAndWrite(out, key, bytes, chunk);
      }
      reader.join();
      long nanos = System.nanoTime() - start;
      if (received[0] != bytes) {
        throw new IllegalStateException("floor reader got " + received[0] + " of " + bytes);
      }
      return bytes / 1e6 / (nanos / 1e9);
    }
  }

  private static void encryptAndWrite(SocketChannel out, byte[] key, long bytes, byte[] chunk)
      throws IOException, GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
    SecretKeySpec spec = new SecretKeySpec(key, "ChaCha20");
    ByteBuffer frame = ByteBuffer.allocate(2 + MAX_PLAINTEXT + 16);
    long nonce = 0;
    int offset = 0;
    for (long sent = 0; sent < bytes; ) {
      int length = (int) Math.min(Math.min(MAX_PLAINTEXT, bytes - sent), chunk.length - offset);
      cipher.init(Cipher.ENCRYPT_MODE, spec, iv(nonce++));
      frame.clear().putShort((short) (length + 16));
      int sealed = cipher.doFinal(chunk, offset, length, frame.array(), 2);
      frame.position(2 + sealed).flip();
      while (frame.hasRemaining()) {
        out.write(frame);
      }
      sent += length;
      offset = (offset + length) % chunk.length;
    }
  }

  private static long readAndDecrypt(SocketChannel in, byte[] key)
      throws IOException, GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
    SecretKeySpec spec = new SecretKeySpec(key, "ChaCha20");
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    byte[] plaintext = new byte[MAX_PLAINTEXT];
    long nonce = 0;
    long total = 0;
    while (in.read(buffer) >= 0) {
      buffer.flip();
      while (buffer.remaining() >= 2) {
        int length = Short.toUnsignedInt(buffer.getShort(buffer.position()));
        if (buffer.remaining() < 2 + length) {
          break;
        }
        cipher.init(Cipher.DECRYPT_MODE, spec, iv(nonce++));
        total += cipher.doFinal(buffer.array(), buffer.position() + 2, length, plaintext, 0);
        buffer.position(buffer.position() + 2 + length);
      }
      buffer.compact();
    }
    return total;
  }

  /** The Noise nonce: 4 zero bytes, then the counter little-endian. */
  private static IvParameterSpec iv(long nonce) {
    byte[] iv = new byte[12];
    ByteBuffer.wrap(iv).order(ByteOrder.LITTLE_ENDIAN).putLong(4, nonce);
    return new IvParameterSpec(iv);
  }
}
