package io.kameo.libp2p.internal.yamux;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out, so a test can assert deterministically
 * that all of them were released (no waiting for the GC as Netty's leak detector must). Buffers are
 * also wrapped by Netty's leak detector, which the tests run at PARANOID.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  private final List<ByteBuf> allocated = new ArrayList<>();

  TrackingAllocator() {
    super(false);
  }

  @Override
  protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    allocated.add(buf);
    return toLeakAwareBuffer(buf);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public synchronized CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
    CompositeByteBuf buf = new CompositeByteBuf(this, false, maxNumComponents);
    allocated.add(buf);
    return toLeakAwareBuffer(buf);
  }

  @Override
  public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
    return compositeHeapBuffer(maxNumComponents);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }

  /** Returns a buffer holding {@code bytes}. */
  ByteBuf of(byte... bytes) {
    return buffer(bytes.length).writeBytes(bytes);
  }

  /** Fails the test if any buffer handed out has not been released. */
  synchronized void assertAllReleased() {
    List<String> live = new ArrayList<>();
    for (ByteBuf buf : allocated) {
      if (buf.refCnt() != 0) {
        live.add(buf.getClass().getSimpleName() + "(refCnt=" + buf.refCnt() + ", " + buf + ")");
      }
    }
    if (!live.isEmpty()) {
      fail(live.size() + " of " + allocated.size() + " buffers leaked: " + live);
    }
  }

  synchronized int allocatedCount() {
    return allocated.size();
  }
}
