/**
 * INTERNAL API. The host behind {@link io.kameo.libp2p.Host}: Netty connections upgraded with
 * multistream-select, Noise and Yamux ({@code Connection}), streams that negotiate their protocol
 * id ({@code HostStream}), and the connection table, dialing, peer store, identify and ping ({@code
 * HostImpl}).
 */
package io.kameo.libp2p.internal.host;
