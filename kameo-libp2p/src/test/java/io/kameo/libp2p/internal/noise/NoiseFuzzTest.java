package io.kameo.libp2p.internal.noise;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kameo.libp2p.Keypair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Fuzz tests of the Noise decoders: handshake payloads, transport frames and handshake messages
 * either decode or fail with {@link NoiseException}. Without {@code JAZZER_FUZZ=1} they replay the
 * stored inputs as part of {@code mvn test}.
 */
class NoiseFuzzTest {
  private static final Keypair IDENTITY = Keypair.generate();

  @FuzzTest(maxDuration = "60s")
  void payloadDecoderRejectsOnlyWithNoiseException(byte[] input) {
    try {
      NoiseHandshakePayload payload = NoiseHandshakePayload.decode(input);
      NoiseHandshakePayload.decode(payload.encode());
    } catch (NoiseException expected) {
      // rejected input
    }
  }

  @FuzzTest(maxDuration = "60s")
  void transportDecoderRejectsOnlyWithNoiseException(byte[] input) {
    byte[] key = new byte[32];
    NoiseTransport transport =
        new NoiseTransport(CipherState.withKey(key), CipherState.withKey(key));
    ByteBuf in = Unpooled.wrappedBuffer(input);
    try {
      transport.decrypt(in, Unpooled.buffer());
    } catch (NoiseException expected) {
      // rejected input
    }
  }

  @FuzzTest(maxDuration = "60s")
  void handshakeRejectsArbitraryMessagesWithNoiseException(FuzzedDataProvider data) {
    boolean asInitiator = data.consumeBoolean();
    NoiseHandshake handshake =
        asInitiator
            ? NoiseHandshake.initiator(IDENTITY, null, List.of("/yamux/1.0.0"))
            : NoiseHandshake.responder(IDENTITY, List.of("/yamux/1.0.0"));
    handshake.start(Unpooled.buffer());
    ByteBuf in = Unpooled.buffer();
    while (data.remainingBytes() > 0) {
      in.writeBytes(data.consumeBytes(data.consumeInt(1, 300)));
      try {
        if (handshake.onRead(in, Unpooled.buffer())) {
          return; // cannot happen without the peer's keys, but would be legal
        }
      } catch (NoiseException expected) {
        return;
      }
    }
  }
}
