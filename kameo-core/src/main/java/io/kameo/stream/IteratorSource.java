package io.kameo.stream;

import java.util.Iterator;

/**
 * Tells the items of an iterator (or a {@code Stream}'s iterator) one by one, pulling the next only
 * once the mailbox took the previous: at most one item is out of the iterator and not yet queued.
 */
final class IteratorSource implements AttachedStream.Source {
  private final Iterator<?> items;
  private final AutoCloseable onClose;

  /** {@code onClose} (may be null) is closed when the stream ends: the {@code Stream} itself. */
  IteratorSource(Iterator<?> items, AutoCloseable onClose) {
    this.items = items;
    this.onClose = onClose;
  }

  @Override
  public Throwable run(AttachedStream stream) throws AttachedStream.Ended {
    for (; ; ) {
      Object item;
      try {
        if (!items.hasNext()) {
          return null;
        }
        item = items.next();
      } catch (Throwable t) {
        if (stream.ended()) {
          throw new AttachedStream.Ended(); // the interrupt of a cancel or stop, not a failure
        }
        return t;
      }
      stream.tell(new StreamMessage.Next<>(item));
    }
  }

  @Override
  public void close() {
    if (onClose != null) {
      try {
        onClose.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the stream failed", e);
      }
    }
  }
}
