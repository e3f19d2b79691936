package io.kameo.libp2p.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.internal.crypto.X25519;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
  private static final List<String> YAMUX = List.of("/yamux/1.0.0");

  private final Keypair alice = Keypair.generate();
  private final Keypair bob = Keypair.generate();

  /** Runs both sides to completion in memory; {@code tamper} may change each frame in flight. */
  private static NoiseResult[] run(
      NoiseHandshake initiator, NoiseHandshake responder, UnaryOperator<ByteBuf> tamper) {
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    responder.start(toInitiator);
    assertFalse(toInitiator.isReadable(), "the responder speaks second");
    boolean iDone = false;
    boolean rDone = false;
    for (int round = 0; round < 4 && !(iDone && rDone); round++) {
      if (!rDone && toResponder.isReadable()) {
        rDone = responder.onRead(tamper.apply(toResponder), toInitiator);
      }
      if (!iDone && toInitiator.isReadable()) {
        iDone = initiator.onRead(tamper.apply(toInitiator), toResponder);
      }
    }
    assertTrue(iDone && rDone, "handshake did not complete");
    return new NoiseResult[] {initiator.result(), responder.result()};
  }

  private static NoiseResult[] run(NoiseHandshake initiator, NoiseHandshake responder) {
    return run(initiator, responder, UnaryOperator.identity());
  }

  @Test
  void bothSidesAuthenticateEachOtherAndAgreeOnTheHash() {
    NoiseResult[] r =
        run(
            NoiseHandshake.initiator(alice, bob.peerId(), YAMUX),
            NoiseHandshake.responder(bob, YAMUX));
    assertEquals(bob.peerId(), r[0].remotePeer());
    assertEquals(alice.peerId(), r[1].remotePeer());
    assertEquals(alice.publicKey(), r[1].remoteKey());
    assertArrayEquals(r[0].handshakeHash(), r[1].handshakeHash());
  }

  @Test
  void transportStatesOfBothSidesTalkToEachOther() {
    NoiseResult[] r =
        run(NoiseHandshake.initiator(alice, null, YAMUX), NoiseHandshake.responder(bob, YAMUX));
    ByteBuf wire = Unpooled.buffer();
    r[0].transport().encrypt(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8), wire);
    ByteBuf plain = Unpooled.buffer();
    assertEquals(1, r[1].transport().decrypt(wire, plain));
    assertEquals("ping", plain.toString(StandardCharsets.UTF_8));
    r[1].transport().encrypt(Unpooled.copiedBuffer("pong", StandardCharsets.UTF_8), wire);
    plain.clear();
    r[0].transport().decrypt(wire, plain);
    assertEquals("pong", plain.toString(StandardCharsets.UTF_8));
  }

  @Test
  void muxerIsAgreedEarlyWhenBothSidesSendALists() {
    NoiseResult[] r =
        run(
            NoiseHandshake.initiator(alice, null, List.of("/mplex/6.7.0", "/yamux/1.0.0")),
            NoiseHandshake.responder(bob, List.of("/yamux/1.0.0", "/mplex/6.7.0")));
    // the initiator's preference wins (inlined-muxer-negotiation spec)
    assertEquals(Optional.of("/mplex/6.7.0"), r[0].earlyMuxer());
    assertEquals(Optional.of("/mplex/6.7.0"), r[1].earlyMuxer());
    assertEquals(List.of("/yamux/1.0.0", "/mplex/6.7.0"), r[0].remoteMuxers());
  }

  @Test
  void aSideThatSentNoMuxersUsesMultistreamEvenIfTheRemoteSentAList() {
    // interop fact 5: js always sends ["/yamux/1.0.0"] and skips mss only if our list is non-empty
    NoiseResult[] r =
        run(NoiseHandshake.initiator(alice, null, List.of()), NoiseHandshake.responder(bob, YAMUX));
    assertEquals(Optional.empty(), r[0].earlyMuxer());
    assertEquals(Optional.empty(), r[1].earlyMuxer());
    assertEquals(YAMUX, r[0].remoteMuxers());

    NoiseResult[] s =
        run(NoiseHandshake.initiator(alice, null, YAMUX), NoiseHandshake.responder(bob, List.of()));
    assertEquals(Optional.empty(), s[0].earlyMuxer());
    assertEquals(Optional.empty(), s[1].earlyMuxer());
  }

  @Test
  void disjointMuxerListsFailTheInitiatorBeforeItSendsMessage3() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    NoiseHandshake responder = NoiseHandshake.responder(bob, List.of("/mplex/6.7.0"));
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    responder.onRead(toResponder, toInitiator);
    NoiseException e =
        assertThrows(NoiseException.class, () -> initiator.onRead(toInitiator, toResponder));
    assertTrue(e.getMessage().startsWith("no common stream muxer"), e.getMessage());
    assertFalse(toResponder.isReadable());
  }

  @Test
  void unexpectedRemotePeerFailsTheInitiator() {
    Keypair carol = Keypair.generate();
    NoiseException e =
        assertThrows(
            NoiseException.class,
            () ->
                run(
                    NoiseHandshake.initiator(alice, carol.peerId(), YAMUX),
                    NoiseHandshake.responder(bob, YAMUX)));
    assertEquals(
        "unexpected peer: expected " + carol.peerId() + " but remote is " + bob.peerId(),
        e.getMessage());
  }

  @Test
  void connectingToSelfFails() {
    NoiseException e =
        assertThrows(
            NoiseException.class,
            () ->
                run(
                    NoiseHandshake.initiator(alice, null, YAMUX),
                    NoiseHandshake.responder(alice, YAMUX)));
    assertTrue(e.getMessage().contains("can not connect to self"), e.getMessage());
  }

  @Test
  void tamperedMessage2FailsTheInitiatorWithABadTag() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    NoiseHandshake responder = NoiseHandshake.responder(bob, YAMUX);
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    responder.onRead(toResponder, toInitiator);
    // flip a bit inside the encrypted static key (after the 2-byte length and the 32-byte e)
    toInitiator.setByte(40, toInitiator.getByte(40) ^ 1);
    NoiseException e =
        assertThrows(NoiseException.class, () -> initiator.onRead(toInitiator, toResponder));
    assertTrue(e.getMessage().contains("bad authentication tag"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> initiator.onRead(toInitiator, toResponder));
  }

  @Test
  void tamperedMessage3FailsTheResponder() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    NoiseHandshake responder = NoiseHandshake.responder(bob, YAMUX);
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    responder.onRead(toResponder, toInitiator);
    assertTrue(initiator.onRead(toInitiator, toResponder));
    toResponder.setByte(
        toResponder.writerIndex() - 1, toResponder.getByte(toResponder.writerIndex() - 1) ^ 1);
    assertThrows(NoiseException.class, () -> responder.onRead(toResponder, toInitiator));
  }

  @Test
  void tamperedEphemeralKeyFailsTheHandshake() {
    // changing message 1's e changes the keys the responder derives: the initiator sees a bad tag
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    NoiseHandshake responder = NoiseHandshake.responder(bob, YAMUX);
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    toResponder.setByte(5, toResponder.getByte(5) ^ 1);
    responder.onRead(toResponder, toInitiator);
    assertThrows(NoiseException.class, () -> initiator.onRead(toInitiator, toResponder));
  }

  /** A responder that signs the wrong static key: what an attacker replaying a payload does. */
  @Test
  void signatureOverAnotherStaticKeyIsRejected() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    X25519 responderStatic = X25519.generate();
    HandshakeState fake = new HandshakeState(false, new byte[0], responderStatic, null);
    ByteBuf toResponder = Unpooled.buffer();
    initiator.start(toResponder);
    toResponder.skipBytes(2);
    byte[] m1 = new byte[toResponder.readableBytes()];
    toResponder.readBytes(m1);
    fake.readMessage(m1);
    byte[] signedElse =
        bob.sign(concat(NoiseHandshake.SIGNATURE_PREFIX, X25519.generate().publicKey()));
    byte[] payload =
        new NoiseHandshakePayload(bob.publicKey().toProtobuf(), signedElse, List.of(), YAMUX)
            .encode();
    byte[] m2 = fake.writeMessage(payload);
    ByteBuf toInitiator = Unpooled.buffer();
    toInitiator.writeShort(m2.length).writeBytes(m2);
    NoiseException e =
        assertThrows(NoiseException.class, () -> initiator.onRead(toInitiator, Unpooled.buffer()));
    assertTrue(e.getMessage().startsWith("invalid Noise handshake signature"), e.getMessage());
  }

  @Test
  void missingIdentityKeyIsRejected() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    HandshakeState fake = new HandshakeState(false, new byte[0], X25519.generate(), null);
    ByteBuf toResponder = Unpooled.buffer();
    initiator.start(toResponder);
    toResponder.skipBytes(2);
    byte[] m1 = new byte[toResponder.readableBytes()];
    toResponder.readBytes(m1);
    fake.readMessage(m1);
    byte[] m2 = fake.writeMessage(new byte[0]);
    ByteBuf toInitiator = Unpooled.buffer();
    toInitiator.writeShort(m2.length).writeBytes(m2);
    NoiseException e =
        assertThrows(NoiseException.class, () -> initiator.onRead(toInitiator, Unpooled.buffer()));
    assertTrue(e.getMessage().startsWith("invalid identity key"), e.getMessage());
  }

  @Test
  void framesSplitAcrossReadsAndTrailingTransportBytesAreHandled() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, List.of());
    NoiseHandshake responder = NoiseHandshake.responder(bob, List.of());
    ByteBuf toResponder = Unpooled.buffer();
    ByteBuf toInitiator = Unpooled.buffer();
    initiator.start(toResponder);
    ByteBuf rIn = Unpooled.buffer();
    while (toResponder.isReadable()) {
      rIn.writeByte(toResponder.readByte());
      responder.onRead(rIn, toInitiator);
    }
    ByteBuf iIn = Unpooled.buffer();
    boolean done = false;
    while (toInitiator.isReadable()) {
      iIn.writeByte(toInitiator.readByte());
      done = initiator.onRead(iIn, toResponder);
    }
    assertTrue(done);
    // message 3 and the first transport frame arrive in one read
    initiator.result().transport().encrypt(Unpooled.wrappedBuffer(new byte[] {42}), toResponder);
    assertTrue(responder.onRead(toResponder, toInitiator));
    ByteBuf plain = Unpooled.buffer();
    assertEquals(1, responder.result().transport().decrypt(toResponder, plain));
    assertEquals(42, plain.readByte());
  }

  @Test
  void wireFormatIsLengthPrefixedWithAnEmptyFirstPayload() {
    NoiseHandshake initiator = NoiseHandshake.initiator(alice, null, YAMUX);
    ByteBuf out = Unpooled.buffer();
    initiator.start(out);
    // message 1 is just e: 32 bytes, no payload bytes since there is no key yet
    assertEquals(34, out.readableBytes());
    assertEquals(32, out.getUnsignedShort(0));
    assertThrows(IllegalStateException.class, () -> initiator.start(out));
    assertThrows(IllegalStateException.class, initiator::result);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
