package io.kameo.libp2p.internal.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultistreamNegotiationTest {

  private static ByteBuf messages(String... messages) {
    ByteBuf buf = Unpooled.buffer();
    for (String m : messages) {
      MultistreamCodec.writeMessage(buf, m);
    }
    return buf;
  }

  private static List<String> decodeAll(ByteBuf buf) {
    List<String> out = new ArrayList<>();
    byte[] body;
    while ((body = MultistreamCodec.tryReadMessage(buf)) != null) {
      out.add(MultistreamCodec.decodeText(body));
    }
    assertEquals(0, buf.readableBytes());
    return out;
  }

  @Test
  void dialerSendsHeaderAndFirstProtocolInOneWrite() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/noise"));
    ByteBuf out = Unpooled.buffer();
    dialer.start(out);
    assertEquals(
        ByteBufUtil.hexDump(messages("/multistream/1.0.0", "/noise")), ByteBufUtil.hexDump(out));
  }

  @Test
  void dialerAndListenerAgreeOnTheFirstSupportedProtocol() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/tls/1.0.0", "/noise"));
    MultistreamListener listener = new MultistreamListener(List.of("/noise"));
    ByteBuf toListener = Unpooled.buffer();
    ByteBuf toDialer = Unpooled.buffer();
    dialer.start(toListener);
    boolean dialerDone = false;
    boolean listenerDone = false;
    for (int round = 0; round < 5 && !(dialerDone && listenerDone); round++) {
      if (!listenerDone) {
        listenerDone = listener.onRead(toListener, toDialer);
      }
      if (!dialerDone) {
        dialerDone = dialer.onRead(toDialer, toListener);
      }
    }
    assertTrue(dialerDone && listenerDone);
    assertEquals("/noise", dialer.selected());
    assertEquals("/noise", listener.selected());
  }

  @Test
  void negotiationSurvivesOneByteAtATimeDelivery() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/x", "/yamux/1.0.0"));
    MultistreamListener listener = new MultistreamListener(List.of("/yamux/1.0.0"));
    ByteBuf toListener = Unpooled.buffer();
    ByteBuf toDialer = Unpooled.buffer();
    dialer.start(toListener);
    ByteBuf listenerIn = Unpooled.buffer();
    ByteBuf dialerIn = Unpooled.buffer();
    boolean dialerDone = false;
    boolean listenerDone = false;
    while (!(dialerDone && listenerDone)) {
      boolean moved = false;
      if (toListener.isReadable() && !listenerDone) {
        listenerIn.writeByte(toListener.readByte());
        listenerDone = listener.onRead(listenerIn, toDialer);
        moved = true;
      }
      if (toDialer.isReadable() && !dialerDone) {
        dialerIn.writeByte(toDialer.readByte());
        dialerDone = dialer.onRead(dialerIn, toListener);
        moved = true;
      }
      assertTrue(moved, "negotiation stalled");
    }
    assertEquals("/yamux/1.0.0", dialer.selected());
  }

  @Test
  void listenerEchoesHeaderAndRepliesInOneWrite() {
    MultistreamListener listener = new MultistreamListener(List.of("/ipfs/id/1.0.0"));
    ByteBuf out = Unpooled.buffer();
    assertTrue(listener.onRead(messages("/multistream/1.0.0", "/ipfs/id/1.0.0"), out));
    assertEquals(List.of("/multistream/1.0.0", "/ipfs/id/1.0.0"), decodeAll(out));
  }

  @Test
  void listenerAnswersNaThenLsThenAccepts() {
    MultistreamListener listener = new MultistreamListener(List.of("/a", "/b"));
    ByteBuf out = Unpooled.buffer();
    assertFalse(listener.onRead(messages("/multistream/1.0.0", "/nope", "ls"), out));
    assertEquals(
        "/multistream/1.0.0", MultistreamCodec.decodeText(MultistreamCodec.tryReadMessage(out)));
    assertEquals("na", MultistreamCodec.decodeText(MultistreamCodec.tryReadMessage(out)));
    assertEquals(
        List.of("/a", "/b"), MultistreamCodec.decodeList(MultistreamCodec.tryReadMessage(out)));
    assertTrue(listener.onRead(messages("/b"), out));
    assertEquals(List.of("/b"), decodeAll(out));
    assertEquals("/b", listener.selected());
  }

  @Test
  void listenerEchoesARepeatedHeader() {
    MultistreamListener listener = new MultistreamListener(List.of("/a"));
    ByteBuf out = Unpooled.buffer();
    listener.onRead(messages("/multistream/1.0.0", "/multistream/1.0.0"), out);
    assertEquals(List.of("/multistream/1.0.0", "/multistream/1.0.0"), decodeAll(out));
  }

  @Test
  void bytesAfterTheSelectionAreLeftForTheProtocol() {
    MultistreamListener listener = new MultistreamListener(List.of("/echo/1.0.0"));
    ByteBuf in = messages("/multistream/1.0.0", "/echo/1.0.0");
    in.writeBytes("payload".getBytes(StandardCharsets.UTF_8));
    assertTrue(listener.onRead(in, Unpooled.buffer()));
    assertEquals("payload", in.toString(StandardCharsets.UTF_8));

    MultistreamDialer dialer = new MultistreamDialer(List.of("/echo/1.0.0"));
    dialer.start(Unpooled.buffer());
    ByteBuf reply = messages("/multistream/1.0.0", "/echo/1.0.0");
    reply.writeBytes("early".getBytes(StandardCharsets.UTF_8));
    assertTrue(dialer.onRead(reply, Unpooled.buffer()));
    assertEquals("early", reply.toString(StandardCharsets.UTF_8));
  }

  @Test
  void dialerFailsWhenTheFirstReplyIsNotTheHeader() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/noise"));
    dialer.start(Unpooled.buffer());
    MultistreamException e =
        assertThrows(
            MultistreamException.class, () -> dialer.onRead(messages("/noise"), Unpooled.buffer()));
    assertTrue(e.getMessage().contains("expected multistream header"), e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> dialer.onRead(Unpooled.buffer(), Unpooled.buffer()));
  }

  @Test
  void dialerFailsWhenEveryProtocolIsRefused() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/a", "/b"));
    dialer.start(Unpooled.buffer());
    ByteBuf out = Unpooled.buffer();
    assertFalse(dialer.onRead(messages("/multistream/1.0.0", "na"), out));
    assertEquals(List.of("/b"), decodeAll(out));
    MultistreamException e =
        assertThrows(MultistreamException.class, () -> dialer.onRead(messages("na"), out));
    assertEquals("remote supports none of [/a, /b]", e.getMessage());
  }

  @Test
  void dialerFailsOnAReplyThatIsNeitherEchoNorNa() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/a"));
    dialer.start(Unpooled.buffer());
    assertThrows(
        MultistreamException.class,
        () -> dialer.onRead(messages("/multistream/1.0.0", "/b"), Unpooled.buffer()));
  }

  @Test
  void listenerFailsWhenTheFirstMessageIsNotTheHeader() {
    MultistreamListener listener = new MultistreamListener(List.of("/a"));
    assertThrows(
        MultistreamException.class, () -> listener.onRead(messages("/a"), Unpooled.buffer()));
  }

  @Test
  void listenerGivesUpAfterTooManyRefusals() {
    MultistreamListener listener = new MultistreamListener(List.of("/a"));
    ByteBuf out = Unpooled.buffer();
    listener.onRead(messages("/multistream/1.0.0"), out);
    for (int i = 0; i < MultistreamListener.MAX_REFUSALS; i++) {
      assertFalse(listener.onRead(messages("/x" + i), out));
    }
    assertThrows(MultistreamException.class, () -> listener.onRead(messages("/y"), out));
  }

  @Test
  void listenerNeverSelectsNa() {
    MultistreamListener listener = new MultistreamListener(List.of("na"));
    ByteBuf out = Unpooled.buffer();
    assertFalse(listener.onRead(messages("/multistream/1.0.0", "na"), out));
    assertEquals(List.of("/multistream/1.0.0", "na"), decodeAll(out));
  }

  @Test
  void dialerRejectsReservedOrEmptyProtocolIds() {
    assertThrows(IllegalArgumentException.class, () -> new MultistreamDialer(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new MultistreamDialer(List.of("na")));
    assertThrows(IllegalArgumentException.class, () -> new MultistreamDialer(List.of("")));
  }

  @Test
  void selectedBeforeSuccessIsAnError() {
    assertThrows(
        IllegalStateException.class, () -> new MultistreamDialer(List.of("/a")).selected());
    assertThrows(
        IllegalStateException.class, () -> new MultistreamListener(List.of("/a")).selected());
  }
}
