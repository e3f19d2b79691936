package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Two sessions, a client and a server, wired to each other in memory on the test thread: frames a
 * session writes wait in a queue until {@link #pump()} delivers them, so there is no re-entrancy
 * between the two sessions and every step is deterministic. Every frame that crosses is recorded by
 * its header.
 */
final class Pipe {
  /** One direction's sink: queues frames for the peer and records their headers. */
  static final class QueueSink implements FrameSink {
    final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    final List<FrameHeader> sent = new ArrayList<>();
    int flushes;

    @Override
    public void write(ByteBuf frame) {
      sent.add(FrameHeader.decode(frame.duplicate()));
      queue.add(frame);
    }

    @Override
    public void flush() {
      flushes++;
    }

    void releaseAll() {
      ByteBuf frame;
      while ((frame = queue.poll()) != null) {
        frame.release();
      }
    }
  }

  final TrackingAllocator alloc;
  final QueueSink clientSink = new QueueSink();
  final QueueSink serverSink = new QueueSink();
  final RecordingSessionHandler clientHandler;
  final RecordingSessionHandler serverHandler;
  final YamuxSession client;
  final YamuxSession server;

  Pipe(TrackingAllocator alloc, YamuxConfig config) {
    this(alloc, config, config, s -> new RecordingStreamHandler());
  }

  Pipe(
      TrackingAllocator alloc,
      YamuxConfig clientConfig,
      YamuxConfig serverConfig,
      Function<YamuxStream, StreamHandler> serverStreams) {
    this.alloc = alloc;
    this.clientHandler = new RecordingSessionHandler(s -> new RecordingStreamHandler());
    this.serverHandler = new RecordingSessionHandler(serverStreams);
    var loop = ImmediateEventExecutor.INSTANCE;
    this.client =
        YamuxSession.create(
            YamuxSession.Role.CLIENT, clientConfig, loop, alloc, clientSink, clientHandler);
    this.server =
        YamuxSession.create(
            YamuxSession.Role.SERVER, serverConfig, loop, alloc, serverSink, serverHandler);
  }

  /** Delivers queued frames both ways until none is left; returns how many were delivered. */
  int pump() {
    int delivered = 0;
    while (!clientSink.queue.isEmpty() || !serverSink.queue.isEmpty()) {
      ByteBuf frame = clientSink.queue.poll();
      if (frame != null) {
        delivered++;
        server.onBytes(frame);
      }
      frame = serverSink.queue.poll();
      if (frame != null) {
        delivered++;
        client.onBytes(frame);
      }
    }
    return delivered;
  }

  /** Ends both sessions and drops undelivered frames. */
  void close() {
    if (!client.isTerminated()) {
      client.transportClosed();
    }
    if (!server.isTerminated()) {
      server.transportClosed();
    }
    clientSink.releaseAll();
    serverSink.releaseAll();
  }
}
