/**
 * INTERNAL API. Yamux ({@code /yamux/1.0.0}) stream multiplexing as a protocol engine over Netty
 * buffers: {@link io.kameo.libp2p.internal.yamux.YamuxSession} takes the bytes read from a
 * connection and emits encoded frames through a {@link io.kameo.libp2p.internal.yamux.FrameSink},
 * so it can be tested without sockets and driven by a Netty handler.
 *
 * <p>The wire format and semantics follow the libp2p yamux specification (a copy of the HashiCorp
 * yamux spec) and the strict points of js-libp2p's implementation: a 12-byte big-endian header,
 * per-stream flow control starting at a 256 KiB window, odd stream ids for the client and even ones
 * for the server, pings answered with the same opaque value, and GoAway codes 0 (normal), 1
 * (protocol error) and 2 (internal error).
 */
package io.kameo.libp2p.internal.yamux;
