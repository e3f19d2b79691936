package io.kameo.libp2p.internal.yamux;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records session events; creates a stream handler for each inbound stream. */
final class RecordingSessionHandler implements SessionHandler {
  final List<YamuxStream> inbound = new ArrayList<>();
  final List<StreamHandler> inboundHandlers = new ArrayList<>();
  final List<Long> goAways = new ArrayList<>();
  final List<Throwable> terminations = new ArrayList<>();
  private final Function<YamuxStream, StreamHandler> streams;
  int admitted;
  int admissionLimit = Integer.MAX_VALUE;

  RecordingSessionHandler(Function<YamuxStream, StreamHandler> streams) {
    this.streams = streams;
  }

  @Override
  public StreamHandler onInboundStream(YamuxStream stream) {
    inbound.add(stream);
    StreamHandler handler = streams.apply(stream);
    inboundHandlers.add(handler);
    return handler;
  }

  @Override
  public boolean admitInboundStream() {
    if (admitted >= admissionLimit) {
      return false;
    }
    admitted++;
    return true;
  }

  @Override
  public void onGoAway(long code) {
    goAways.add(code);
  }

  @Override
  public void onTerminated(Throwable cause) {
    terminations.add(cause);
  }

  RecordingStreamHandler inboundHandler(int index) {
    return (RecordingStreamHandler) inboundHandlers.get(index);
  }
}
