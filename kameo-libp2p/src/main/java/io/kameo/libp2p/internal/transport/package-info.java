/** INTERNAL API. The TCP transport's Netty flavour: native epoll where it loads, NIO otherwise. */
package io.kameo.libp2p.internal.transport;
