/**
 * INTERNAL API. The socket-free building blocks of the Kademlia DHT (the kad-dht protocol): the
 * wire messages ({@link io.kameo.libp2p.internal.kad.KadMessage}, {@link
 * io.kameo.libp2p.internal.kad.KadPeer}, {@link io.kameo.libp2p.internal.kad.KadRecord}) encoded by
 * hand as the kad-dht spec's protobuf, the 256-bit key space ({@link
 * io.kameo.libp2p.internal.kad.KadKey}), the k-bucket {@link
 * io.kameo.libp2p.internal.kad.RoutingTable}, and the bounded, expiring {@link
 * io.kameo.libp2p.internal.kad.RecordStore} and {@link io.kameo.libp2p.internal.kad.ProviderStore}.
 *
 * <p>{@link io.kameo.libp2p.internal.kad.KadCore} is the protocol logic of one peer without I/O
 * (answering requests, storing through validators, routing-table admission) and {@link
 * io.kameo.libp2p.internal.kad.KadLookup} an iterative lookup as a state machine; {@link
 * io.kameo.libp2p.internal.kad.KadService} drives them over a host's streams and threads, and the
 * simulator in kameo-sim over an in-memory network on a simulated clock. None of these types does
 * I/O beyond reading or writing one framed message on a given stream.
 */
package io.kameo.libp2p.internal.kad;
