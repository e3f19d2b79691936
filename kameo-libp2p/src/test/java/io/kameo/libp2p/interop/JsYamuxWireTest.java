package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.internal.yamux.FrameSink;
import io.kameo.libp2p.internal.yamux.StreamHandler;
import io.kameo.libp2p.internal.yamux.YamuxConfig;
import io.kameo.libp2p.internal.yamux.YamuxProtocolException;
import io.kameo.libp2p.internal.yamux.YamuxSession;
import io.kameo.libp2p.internal.yamux.YamuxStream;
import io.kameo.libp2p.internal.yamux.YamuxStreamException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java yamux engine against js-libp2p's yamux (7.0.4) over real TCP, without Noise or
 * multistream-select: a minimal Netty handler drives a client session the way the host will, and
 * the js side echoes every stream. Checks stream opening and ACK, data both ways through several
 * windows, half-close in both directions, and pings both ways (js pings every new connection).
 */
class JsYamuxWireTest {

  /** Drives a {@link YamuxSession} from a channel, as the host's handler will. */
  private static final class YamuxChannelHandler extends ChannelInboundHandlerAdapter {
    final CompletableFuture<YamuxSession> session = new CompletableFuture<>();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      FrameSink sink =
          new FrameSink() {
            @Override
            public void write(ByteBuf frame) {
              ctx.write(frame, ctx.voidPromise());
            }

            @Override
            public void flush() {
              ctx.flush();
            }
          };
      session.complete(
          YamuxSession.create(
              YamuxSession.Role.CLIENT,
              YamuxConfig.defaults(),
              ctx.executor(),
              ctx.alloc(),
              sink,
              stream -> {
                throw new IllegalStateException("the js side opens no streams");
              }));
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        session.join().onBytes((ByteBuf) msg);
      } catch (YamuxProtocolException e) {
        ctx.close();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      session.join().transportWritabilityChanged(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      session.join().transportClosed();
    }
  }

  /** Collects a stream's echo and completes when the stream has closed both ways. */
  private static final class Collect implements StreamHandler {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();

    @Override
    public void onData(YamuxStream stream, ByteBuf data) {
      int n = data.readableBytes();
      byte[] copy = new byte[n];
      data.readBytes(copy);
      data.release();
      bytes.writeBytes(copy);
      stream.consumed(n);
    }

    @Override
    public void onClosed(YamuxStream stream) {
      done.complete(bytes.toByteArray());
    }

    @Override
    public void onReset(YamuxStream stream, YamuxStreamException cause) {
      done.completeExceptionally(cause);
    }
  }

  @Test
  void javaClientStreamsAreEchoedByJsYamuxThroughManyWindows() throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try (JsPeer js = JsPeer.yamuxEchoServer()) {
      YamuxChannelHandler handler = new YamuxChannelHandler();
      Channel channel =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(handler)
              .connect("127.0.0.1", js.port())
              .sync()
              .channel();
      YamuxSession session = handler.session.get(10, TimeUnit.SECONDS);
      int streams = 8;
      List<byte[]> sent = new ArrayList<>();
      List<Collect> collectors = new ArrayList<>();
      List<YamuxStream> opened =
          channel
              .eventLoop()
              .submit(
                  () -> {
                    List<YamuxStream> list = new ArrayList<>();
                    for (int i = 0; i < streams; i++) {
                      Collect c = new Collect();
                      collectors.add(c);
                      list.add(session.openStream(c));
                    }
                    return list;
                  })
              .get(10, TimeUnit.SECONDS);
      // written from this thread: handed over to the event loop; 1.5 MiB on the first stream
      // needs several 256 KiB windows each way
      for (int i = 0; i < streams; i++) {
        byte[] data = new byte[i == 0 ? 1536 * 1024 : 1000 + i];
        new Random(i).nextBytes(data);
        sent.add(data);
        YamuxStream stream = opened.get(i);
        for (int off = 0; off < data.length; off += 64 * 1024) {
          int n = Math.min(64 * 1024, data.length - off);
          stream.write(Unpooled.wrappedBuffer(data, off, n)).get(30, TimeUnit.SECONDS);
        }
        stream.closeWrite();
      }
      for (int i = 0; i < streams; i++) {
        assertArrayEquals(sent.get(i), collectors.get(i).done.get(60, TimeUnit.SECONDS));
      }
      Duration rtt =
          channel
              .eventLoop()
              .submit(session::ping)
              .get(10, TimeUnit.SECONDS)
              .get(10, TimeUnit.SECONDS);
      assertTrue(!rtt.isNegative());
      assertTrue(
          channel.eventLoop().submit(() -> !session.isTerminated()).get(10, TimeUnit.SECONDS),
          "js's own ping was answered; the session is alive");
      channel.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
