/**
 * INTERNAL API. The socket-free building blocks of the Kademlia DHT (the kad-dht protocol): the
 * wire messages ({@link io.kameo.libp2p.internal.kad.KadMessage}, {@link
 * io.kameo.libp2p.internal.kad.KadPeer}, {@link io.kameo.libp2p.internal.kad.KadRecord}) encoded by
 * hand as the kad-dht spec's protobuf, the 256-bit key space ({@link
 * io.kameo.libp2p.internal.kad.KadKey}), the k-bucket {@link
 * io.kameo.libp2p.internal.kad.RoutingTable}, and the bounded, expiring {@link
 * io.kameo.libp2p.internal.kad.RecordStore} and {@link io.kameo.libp2p.internal.kad.ProviderStore}.
 *
 * <p>The DHT service (RPC over streams, iterative lookups) is built on top of these types; none of
 * them does I/O beyond reading or writing one framed message on a given stream.
 */
package io.kameo.libp2p.internal.kad;
