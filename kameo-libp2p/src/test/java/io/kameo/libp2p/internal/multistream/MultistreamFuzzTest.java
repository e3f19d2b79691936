package io.kameo.libp2p.internal.multistream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Fuzz tests of the multistream-select decoder and state machines: any input either negotiates or
 * fails with {@link MultistreamException}, whatever way it is split into reads. Without {@code
 * JAZZER_FUZZ=1} they replay the stored inputs as part of {@code mvn test}.
 */
class MultistreamFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decoderAcceptsOrRejectsWithMultistreamException(byte[] input) {
    ByteBuf in = Unpooled.wrappedBuffer(input);
    try {
      byte[] body;
      while ((body = MultistreamCodec.tryReadMessage(in)) != null) {
        MultistreamCodec.decodeList(body);
      }
    } catch (MultistreamException expected) {
      // rejected input
    }
  }

  @FuzzTest(maxDuration = "60s")
  void listenerAndDialerSurviveArbitraryChunks(FuzzedDataProvider data) {
    MultistreamListener listener = new MultistreamListener(List.of("/a", "/yamux/1.0.0"));
    MultistreamDialer dialer = new MultistreamDialer(List.of("/x", "/yamux/1.0.0"));
    dialer.start(Unpooled.buffer());
    ByteBuf listenerIn = Unpooled.buffer();
    ByteBuf dialerIn = Unpooled.buffer();
    boolean listenerActive = true;
    boolean dialerActive = true;
    while (data.remainingBytes() > 0 && (listenerActive || dialerActive)) {
      byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
      listenerIn.writeBytes(chunk);
      dialerIn.writeBytes(chunk);
      try {
        if (listenerActive && listener.onRead(listenerIn, Unpooled.buffer())) {
          listenerActive = false;
        }
      } catch (MultistreamException expected) {
        listenerActive = false;
      }
      try {
        if (dialerActive && dialer.onRead(dialerIn, Unpooled.buffer())) {
          dialerActive = false;
        }
      } catch (MultistreamException expected) {
        dialerActive = false;
      }
    }
  }
}
