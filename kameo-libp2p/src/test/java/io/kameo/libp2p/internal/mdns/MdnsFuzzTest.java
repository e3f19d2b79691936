package io.kameo.libp2p.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzz test of the mDNS packet parser: arbitrary bytes are refused only with an {@link
 * IllegalArgumentException}, and every announcement it accepts keeps the bounds and reads back the
 * same after it is written again. Without {@code JAZZER_FUZZ=1} it replays the inputs under {@code
 * src/test/resources/.../MdnsFuzzTestInputs} as part of {@code mvn test}; because a replay alone
 * explores little, {@link #mutatedPacketsRejectOnlyWithIllegalArgument} runs the same checks on
 * seeded random mutations of valid packets (bytes changed, cut short, compression pointers put in)
 * in every build.
 */
class MdnsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decoderRejectsOnlyWithIllegalArgumentAndAnnouncementsRoundTrip(byte[] input) {
    check(input);
  }

  @Test
  void mutatedPacketsRejectOnlyWithIllegalArgument() {
    Random random = new Random(0x6d646e73);
    PeerId peer = Keypair.fromSeed(new byte[32]).peerId();
    List<byte[]> seeds =
        List.of(
            MdnsCodec.encodeQuery(),
            MdnsCodec.encodeResponse(
                "k5ve1q0zs8bq0w3w6mxlm8y4n0c2bgpd",
                List.of(
                    Multiaddr.parse("/ip4/192.168.1.20/tcp/4001").withPeerId(peer),
                    Multiaddr.parse("/ip6/fe80::1/tcp/4001").withPeerId(peer)),
                Duration.ofSeconds(120)),
            MdnsCodec.encodeResponse(
                "x",
                List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1").withPeerId(peer)),
                Duration.ZERO));
    for (int i = 0; i < 20_000; i++) {
      byte[] packet = seeds.get(random.nextInt(seeds.size())).clone();
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        switch (random.nextInt(3)) {
          case 0 -> packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
          case 1 -> packet = Arrays.copyOf(packet, random.nextInt(packet.length + 1));
          default -> {
            // a compression pointer to a random offset, to test loops and bad targets
            if (packet.length > 14) {
              int at = 12 + random.nextInt(packet.length - 13);
              packet[at] = (byte) (0xC0 | random.nextInt(0x40));
              packet[at + 1] = (byte) random.nextInt(256);
            }
          }
        }
        if (packet.length == 0) {
          break;
        }
      }
      check(packet);
    }
  }

  private static void check(byte[] input) {
    MdnsMessage message;
    try {
      message = MdnsCodec.decode(Unpooled.wrappedBuffer(input));
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertTrue(input.length <= MdnsCodec.MAX_PACKET);
    if (!(message instanceof MdnsMessage.Response response)) {
      return;
    }
    assertTrue(response.peers().size() <= MdnsCodec.MAX_RECORDS);
    for (Announcement a : response.peers()) {
      assertFalse(a.addresses().isEmpty());
      assertTrue(a.addresses().size() <= MdnsCodec.MAX_ADDRESSES);
      assertTrue(a.addresses().stream().allMatch(m -> m.peerId().orElseThrow().equals(a.peer())));
      byte[] again;
      try {
        again = MdnsCodec.encodeResponse(a.peerName(), a.addresses(), a.ttl());
      } catch (IllegalArgumentException tooLongForATxtString) {
        continue;
      }
      List<Announcement> reread =
          ((MdnsMessage.Response) MdnsCodec.decode(Unpooled.wrappedBuffer(again))).peers();
      assertEquals(a.peerName(), reread.get(0).peerName());
      assertEquals(a.peer(), reread.get(0).peer());
    }
  }
}
