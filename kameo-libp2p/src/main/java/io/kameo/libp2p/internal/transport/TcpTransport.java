package io.kameo.libp2p.internal.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * INTERNAL API. The TCP transport's Netty flavour: native epoll where the native library loads
 * (Linux x86_64, from {@code netty-transport-native-epoll}), NIO everywhere else. Setting the
 * system property {@code kameo.remote.transport=nio} forces NIO.
 *
 * @param name {@code "epoll"} or {@code "nio"}
 */
public record TcpTransport(
    String name,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends ServerSocketChannel> serverChannel) {

  /** Returns epoll if it is available and not turned off, NIO otherwise. */
  public static TcpTransport best() {
    boolean nio = "nio".equals(System.getProperty("kameo.remote.transport"));
    if (!nio && Epoll.isAvailable()) {
      return new TcpTransport("epoll", EpollSocketChannel.class, EpollServerSocketChannel.class);
    }
    return nio();
  }

  /** Returns the NIO transport. */
  public static TcpTransport nio() {
    return new TcpTransport("nio", NioSocketChannel.class, NioServerSocketChannel.class);
  }

  /** Returns why epoll is not available, or null if it is. */
  public static Throwable epollUnavailabilityCause() {
    return Epoll.unavailabilityCause();
  }

  /** Creates an event loop group of this flavour with {@code threads} threads. */
  public EventLoopGroup newGroup(int threads, ThreadFactory factory) {
    return name.equals("epoll")
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }
}
