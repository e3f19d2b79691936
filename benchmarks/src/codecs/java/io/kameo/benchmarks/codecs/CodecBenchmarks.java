package io.kameo.benchmarks.codecs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kameo.benchmarks.codecs.gen.ActorProto;
import io.kameo.benchmarks.codecs.gen.IdentifyProto;
import io.kameo.benchmarks.codecs.gen.KadProto;
import io.kameo.benchmarks.codecs.gen.NoiseProto;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.identify.IdentifyMessage;
import io.kameo.libp2p.internal.kad.KadMessage;
import io.kameo.libp2p.internal.kad.KadPeer;
import io.kameo.libp2p.internal.noise.NoiseHandshakePayload;
import io.kameo.remote.internal.actor.ActorEnvelope;
import io.kameo.remote.internal.actor.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hand-written protobuf codecs of kameo-libp2p and kameo-remote against protobuf-java classes
 * that protoc generates from the same messages ({@code src/codecs/proto}), for the decision in
 * {@code docs/design/codecs.md}. Run with {@code -prof gc} for bytes allocated per operation.
 *
 * <p>{@code hand*} is our codec: bytes to our record and back. {@code gen*} is what replacing it
 * with generated code would do in our code base, whose other code works on the records: parse with
 * the generated class and build the record from it (decode), or build the generated message from
 * the record and serialize it (encode). {@code genParseOnly*} is the generated parser alone, the
 * lower bound if the generated classes replaced the records everywhere. Every decoded variant
 * reads every field, as the hand-written decoder does.
 *
 * <p>The messages are typical ones: an identify of a js-libp2p-like peer (3 addresses, 6
 * protocols), a Noise payload with one muxer, a FIND_NODE reply with k = 20 peers of 2 addresses
 * each, and an actor envelope with a 64-byte payload.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmarks {
  private IdentifyMessage identify;
  private byte[] identifyBytes;
  private NoiseHandshakePayload noise;
  private byte[] noiseBytes;
  private KadMessage kad;
  private byte[] kadBytes;
  private ActorEnvelope envelope;
  private byte[] envelopeBytes;

  /** Builds the messages and checks that both codecs agree on their bytes. */
  @Setup
  public void setUp() throws InvalidProtocolBufferException {
    Keypair key = Keypair.fromSeed(new byte[32]);
    byte[] publicKey = key.publicKey().toProtobuf();
    List<byte[]> addrs =
        List.of(
            Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").toBytes(),
            Multiaddr.parse("/ip4/192.168.1.20/tcp/4001").toBytes(),
            Multiaddr.parse("/ip6/::1/tcp/4001").toBytes());
    identify =
        new IdentifyMessage(
            publicKey,
            addrs,
            List.of(
                "/ipfs/id/1.0.0",
                "/ipfs/id/push/1.0.0",
                "/ipfs/ping/1.0.0",
                "/ipfs/kad/1.0.0",
                "/kameo/actor/3.0.0",
                "/kameo/registry/1.0.0"),
            Multiaddr.parse("/ip4/10.0.0.7/tcp/51234").toBytes(),
            IdentifyMessage.PROTOCOL_VERSION,
            "kameo-java/0.1.0",
            null);
    identifyBytes = identify.encode();

    noise = new NoiseHandshakePayload(publicKey, new byte[64], List.of(), List.of("/yamux/1.0.0"));
    noiseBytes = noise.encode();

    List<KadPeer> peers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      PeerId peer = PeerId.fromPublicKey(Keypair.fromSeed(seed).publicKey());
      peers.add(
          KadPeer.of(
              peer,
              List.of(
                  Multiaddr.parse("/ip4/10.0.1." + i + "/tcp/4001"),
                  Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (4001 + i)))));
    }
    kad = KadMessage.of(KadMessage.Type.FIND_NODE, peers.get(0).id().toBytes()).withCloserPeers(peers);
    kadBytes = kad.encode();

    byte[] payload = new byte[64];
    Arrays.fill(payload, (byte) 0x61);
    envelope =
        new ActorEnvelope(
            7, "counter", "5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01", true, payload, 42, -1L, false,
            Encoding.CBOR, 0, 5000);
    envelopeBytes = envelope.encode();

    // the comparison is fair only if both write the same bytes
    check("identify", identifyBytes, genEncodeIdentify());
    check("noise", noiseBytes, genEncodeNoise());
    check("kad", kadBytes, genEncodeKad());
    // protoc writes fields in number order; ours writes the answer-by fields first (ActorFrame.peek)
    check("envelope", envelopeBytes, ActorEnvelope.decode(genEncodeEnvelope()).encode());
    check("identify decode", identify.encode(), genDecodeIdentify().encode());
    check("kad decode", kadBytes, genDecodeKad().encode());
    check("envelope decode", envelopeBytes, genDecodeEnvelope().encode());
    check("noise decode", noiseBytes, genDecodeNoise().encode());
  }

  private static void check(String what, byte[] expected, byte[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException(what + ": the two codecs disagree");
    }
  }

  // ------------------------------------------------------------------ identify

  /** Our decoder. */
  @Benchmark
  public IdentifyMessage handDecodeIdentify() {
    return IdentifyMessage.decode(identifyBytes, null);
  }

  /** The generated parser, then our record. */
  @Benchmark
  public IdentifyMessage genDecodeIdentify() throws InvalidProtocolBufferException {
    IdentifyProto.Identify m = IdentifyProto.Identify.parseFrom(identifyBytes);
    List<byte[]> listen = new ArrayList<>(m.getListenAddrsCount());
    for (ByteString a : m.getListenAddrsList()) {
      listen.add(a.toByteArray());
    }
    return new IdentifyMessage(
        m.hasPublicKey() ? m.getPublicKey().toByteArray() : null,
        listen,
        m.getProtocolsList(),
        m.hasObservedAddr() ? m.getObservedAddr().toByteArray() : null,
        m.hasProtocolVersion() ? m.getProtocolVersion() : null,
        m.hasAgentVersion() ? m.getAgentVersion() : null,
        m.hasSignedPeerRecord() ? m.getSignedPeerRecord().toByteArray() : null);
  }

  /** The generated parser alone. */
  @Benchmark
  public IdentifyProto.Identify genParseOnlyIdentify() throws InvalidProtocolBufferException {
    return IdentifyProto.Identify.parseFrom(identifyBytes);
  }

  /** Our encoder. */
  @Benchmark
  public byte[] handEncodeIdentify() {
    return identify.encode();
  }

  /** The generated message built from our record, serialized. */
  @Benchmark
  public byte[] genEncodeIdentify() {
    IdentifyProto.Identify.Builder b =
        IdentifyProto.Identify.newBuilder()
            .setPublicKey(ByteString.copyFrom(identify.publicKey()))
            .addAllProtocols(identify.protocols())
            .setObservedAddr(ByteString.copyFrom(identify.observedAddr()))
            .setProtocolVersion(identify.protocolVersion())
            .setAgentVersion(identify.agentVersion());
    for (byte[] a : identify.listenAddrs()) {
      b.addListenAddrs(ByteString.copyFrom(a));
    }
    return b.build().toByteArray();
  }

  // ------------------------------------------------------------------ noise

  /** Our decoder. */
  @Benchmark
  public NoiseHandshakePayload handDecodeNoise() {
    return NoiseHandshakePayload.decode(noiseBytes);
  }

  /** The generated parser, then our record. */
  @Benchmark
  public NoiseHandshakePayload genDecodeNoise() throws InvalidProtocolBufferException {
    NoiseProto.NoiseHandshakePayload m = NoiseProto.NoiseHandshakePayload.parseFrom(noiseBytes);
    List<byte[]> hashes = new ArrayList<>();
    for (ByteString h : m.getExtensions().getWebtransportCerthashesList()) {
      hashes.add(h.toByteArray());
    }
    return new NoiseHandshakePayload(
        m.getIdentityKey().toByteArray(),
        m.getIdentitySig().toByteArray(),
        hashes,
        m.getExtensions().getStreamMuxersList());
  }

  /** Our encoder. */
  @Benchmark
  public byte[] handEncodeNoise() {
    return noise.encode();
  }

  /** The generated message built from our record, serialized. */
  @Benchmark
  public byte[] genEncodeNoise() {
    return NoiseProto.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(noise.identityKey()))
        .setIdentitySig(ByteString.copyFrom(noise.identitySig()))
        .setExtensions(
            NoiseProto.NoiseExtensions.newBuilder().addAllStreamMuxers(noise.streamMuxers()))
        .build()
        .toByteArray();
  }

  // ------------------------------------------------------------------ kad

  /** Our decoder (peer ids and multiaddrs parsed, as the DHT needs them). */
  @Benchmark
  public KadMessage handDecodeKad() {
    return KadMessage.decode(kadBytes);
  }

  /** The generated parser, then our records (peer ids and multiaddrs parsed). */
  @Benchmark
  public KadMessage genDecodeKad() throws InvalidProtocolBufferException {
    KadProto.Message m = KadProto.Message.parseFrom(kadBytes);
    List<KadPeer> closer = new ArrayList<>(m.getCloserPeersCount());
    for (KadProto.Message.Peer p : m.getCloserPeersList()) {
      List<Multiaddr> addrs = new ArrayList<>(p.getAddrsCount());
      for (ByteString a : p.getAddrsList()) {
        addrs.add(Multiaddr.fromBytes(a.toByteArray()));
      }
      closer.add(
          new KadPeer(
              PeerId.fromBytes(p.getId().toByteArray()),
              addrs,
              KadPeer.ConnectionType.values()[p.getConnectionValue()]));
    }
    return new KadMessage(
        KadMessage.Type.forNumber(m.getTypeValue()),
        m.getKey().toByteArray(),
        null,
        closer,
        List.of());
  }

  /** The generated parser alone. */
  @Benchmark
  public KadProto.Message genParseOnlyKad() throws InvalidProtocolBufferException {
    return KadProto.Message.parseFrom(kadBytes);
  }

  /** Our encoder. */
  @Benchmark
  public byte[] handEncodeKad() {
    return kad.encode();
  }

  /** The generated message built from our records, serialized. */
  @Benchmark
  public byte[] genEncodeKad() {
    KadProto.Message.Builder b =
        KadProto.Message.newBuilder()
            .setTypeValue(kad.type().number())
            .setKey(ByteString.copyFrom(kad.key()));
    for (KadPeer p : kad.closerPeers()) {
      KadProto.Message.Peer.Builder peer =
          KadProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(p.id().toBytes()));
      for (Multiaddr a : p.addrs()) {
        peer.addAddrs(ByteString.copyFrom(a.toBytes()));
      }
      b.addCloserPeers(peer);
    }
    return b.build().toByteArray();
  }

  // ------------------------------------------------------------------ actor envelope

  /** Our decoder. */
  @Benchmark
  public ActorEnvelope handDecodeEnvelope() {
    return ActorEnvelope.decode(envelopeBytes);
  }

  /** The generated parser, then our record. */
  @Benchmark
  public ActorEnvelope genDecodeEnvelope() throws InvalidProtocolBufferException {
    ActorProto.ActorEnvelope m = ActorProto.ActorEnvelope.parseFrom(envelopeBytes);
    return new ActorEnvelope(
        m.getActorId(),
        m.getActorType(),
        m.getMessageId(),
        m.getAsk(),
        m.getPayload().toByteArray(),
        m.getRequestId(),
        m.getIncarnation(),
        m.getAck(),
        m.getFormat() == 0 ? Encoding.CBOR : Encoding.ofCode(m.getFormat()),
        m.getMailboxTimeoutMs(),
        m.getReplyTimeoutMs());
  }

  /** The generated parser alone. */
  @Benchmark
  public ActorProto.ActorEnvelope genParseOnlyEnvelope() throws InvalidProtocolBufferException {
    return ActorProto.ActorEnvelope.parseFrom(envelopeBytes);
  }

  /** Our encoder. */
  @Benchmark
  public byte[] handEncodeEnvelope() {
    return envelope.encode();
  }

  /** The generated message built from our record, serialized (proto3 writes in field order). */
  @Benchmark
  public byte[] genEncodeEnvelope() {
    return ActorProto.ActorEnvelope.newBuilder()
        .setActorId(envelope.actorId())
        .setActorType(envelope.actorType())
        .setMessageId(envelope.messageId())
        .setPayload(ByteString.copyFrom(envelope.payload()))
        .setAsk(envelope.ask())
        .setRequestId(envelope.requestId())
        .setIncarnation(envelope.incarnation())
        .setReplyTimeoutMs(envelope.replyTimeoutMillis())
        .build()
        .toByteArray();
  }
}
