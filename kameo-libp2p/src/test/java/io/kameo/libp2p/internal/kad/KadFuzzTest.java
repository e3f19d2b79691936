package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.internal.kad.KadMessage.Type;
import io.kameo.libp2p.internal.kad.KadPeer.ConnectionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes into the kad message decoder and the framed reader: the only exception they may
 * throw is {@link KadProtocolException}, and whatever decodes re-encodes to a message that decodes
 * to the same value and encodes to the same bytes.
 *
 * <p>{@link #decoderRejectsOnlyWithKadProtocolExceptionAndRoundTrips} is a Jazzer fuzz test: {@code
 * JAZZER_FUZZ=1} fuzzes it, plain {@code mvn test} replays the inputs under {@code
 * src/test/resources/.../KadFuzzTestInputs}. Because a replay alone explores little, {@link
 * #mutatedMessagesRejectOnlyWithKadProtocolException} runs the same checks on a bounded number of
 * seeded random mutations of valid messages in every build.
 */
class KadFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decoderRejectsOnlyWithKadProtocolExceptionAndRoundTrips(byte[] input) {
    check(input);
  }

  @Test
  void mutatedMessagesRejectOnlyWithKadProtocolException() {
    Random random = new Random(0x6b6164);
    List<byte[]> seeds = new ArrayList<>();
    for (KadMessage m : sampleMessages(random)) {
      seeds.add(m.encode());
      seeds.add(m.encodeFramed());
    }
    for (int i = 0; i < 20_000; i++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      check(mutate(seed, random));
    }
  }

  private static void check(byte[] input) {
    KadMessage decoded;
    try {
      decoded = KadMessage.decode(input);
    } catch (KadProtocolException expected) {
      decoded = null;
    }
    if (decoded != null) {
      byte[] encoded = decoded.encode();
      KadMessage again = KadMessage.decode(encoded);
      assertEquals(decoded, again);
      assertArrayEquals(encoded, again.encode());
    }
    try {
      ByteArrayInputStream in = new ByteArrayInputStream(input);
      while (KadMessage.readFramed(in) != null) {
        // read every frame the input holds
      }
    } catch (KadProtocolException expected) {
      // rejected input
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array stream cannot fail", e);
    }
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed;
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (random.nextInt(5)) {
        case 0 -> { // flip a byte
          if (b.length > 0) {
            b = b.clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          }
        }
        case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncate
        case 2 -> { // insert a byte
          int at = random.nextInt(b.length + 1);
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) random.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        case 3 -> { // delete a byte
          if (b.length > 0) {
            int at = random.nextInt(b.length);
            byte[] c = new byte[b.length - 1];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(b, at + 1, c, at, b.length - at - 1);
            b = c;
          }
        }
        default -> { // set a byte to a varint or tag boundary value
          if (b.length > 0) {
            b = b.clone();
            byte[] special = {0, 0x7f, (byte) 0x80, (byte) 0xff, 0x0a, 0x12, 0x42, 0x4a, 0x1a};
            b[random.nextInt(b.length)] = special[random.nextInt(special.length)];
          }
        }
      }
    }
    return b;
  }

  /** One message of every type, with records, peers, addresses and connection types. */
  static List<KadMessage> sampleMessages(Random random) {
    Multiaddr tcp = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr quic = Multiaddr.parse("/ip6/2001:db8::1/udp/4001/quic-v1");
    List<KadMessage> messages = new ArrayList<>();
    for (Type type : Type.values()) {
      byte[] key = ("/v/" + type).getBytes(StandardCharsets.UTF_8);
      messages.add(
          new KadMessage(
              type,
              key,
              new KadRecord(key, new byte[] {1, 2, 3}, "2026-11-22T01:49:21.812000000Z"),
              List.of(
                  new KadPeer(
                      TestPeers.random(random), List.of(tcp, quic), ConnectionType.CONNECTED),
                  KadPeer.of(TestPeers.random(random), List.of())),
              List.of(
                  new KadPeer(
                      TestPeers.random(random), List.of(tcp), ConnectionType.CAN_CONNECT))));
    }
    return messages;
  }
}
