package io.kameo.libp2p.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Fuzz test of the mDNS packet parser: arbitrary bytes are refused only with an {@link
 * IllegalArgumentException}, and every announcement it accepts keeps the bounds and reads back the
 * same after it is written again. Without {@code JAZZER_FUZZ=1} it replays the inputs under {@code
 * src/test/resources/.../MdnsFuzzTestInputs} as part of {@code mvn test}.
 */
class MdnsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decoderRejectsOnlyWithIllegalArgumentAndAnnouncementsRoundTrip(byte[] input) {
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
