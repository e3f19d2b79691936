package io.kameo.stream;

import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to a {@code Flow.Publisher} and tells its items, asking for no more than the mailbox
 * can take: {@code request(capacity)} at first, then {@code request(1)} each time the mailbox took
 * an item. So at most {@code capacity} items are ever requested and not yet queued.
 */
final class PublisherSource implements AttachedStream.Source, Flow.Subscriber<Object> {
  /*
   * The publisher's signals go through `signals` (a LinkedBlockingQueue: an offer happens-before
   * the take that returns it) to the sender thread, which alone requests and tells. `unrequested`
   * is demand given and not yet used: the sender adds to it before each request(n) (a publisher
   * may call onNext inside request), onNext takes one off. Below zero, the publisher sent more
   * than it was asked for: a protocol violation (rule 1.1), reported as the stream's failure.
   * Items are bounded by demand, so the queue holds at most `capacity` items and one terminal
   * signal; a publisher that ignores demand fails once and its later signals are dropped.
   */
  private final Flow.Publisher<?> publisher;
  private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private final AtomicLong unrequested = new AtomicLong();
  private volatile Flow.Subscription subscription;
  private volatile boolean stopped;
  private volatile boolean terminated;

  /** A signal that ends the stream; {@code error} is null for onComplete's. */
  private record Terminal(Throwable error) {}

  /** The subscription the publisher gave. */
  private record Subscribed(Flow.Subscription subscription) {}

  PublisherSource(Flow.Publisher<?> publisher) {
    this.publisher = publisher;
  }

  @Override
  public void open() {
    publisher.subscribe(this); // requests come only from run(), after Started was told
  }

  @Override
  public Throwable run(AttachedStream stream) throws AttachedStream.Ended {
    Flow.Subscription s = null;
    for (; ; ) {
      Object signal;
      try {
        signal = signals.take();
      } catch (InterruptedException e) {
        throw new AttachedStream.Ended(); // only a cancel or the actor's stop interrupts
      }
      if (stream.ended()) {
        throw new AttachedStream.Ended();
      }
      switch (signal) {
        case Subscribed sub -> {
          s = sub.subscription();
          int window = stream.window();
          unrequested.addAndGet(window);
          s.request(window);
        }
        case Terminal t -> {
          return t.error();
        }
        default -> {
          stream.tell(new StreamMessage.Next<>(signal));
          unrequested.incrementAndGet();
          if (s != null) {
            s.request(1);
          }
        }
      }
    }
  }

  @Override
  public void stop() {
    stopped = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null) {
      s.cancel(); // rule 2.5: a second subscription is refused
      return;
    }
    subscription = s;
    if (stopped) {
      s.cancel(); // stop() ran before the subscription existed
      return;
    }
    signals.add(new Subscribed(s));
  }

  @Override
  public void onNext(Object item) {
    if (terminated) {
      return;
    }
    if (item == null) {
      fail(new NullPointerException("the publisher sent a null item (rule 2.13)"));
    } else if (unrequested.decrementAndGet() < 0) {
      fail(
          new IllegalStateException(
              "the publisher sent more items than were requested (rule 1.1)"));
    } else {
      signals.add(item);
    }
  }

  @Override
  public void onError(Throwable error) {
    if (!terminated) {
      terminated = true;
      signals.add(
          new Terminal(
              error != null ? error : new NullPointerException("onError(null) (rule 2.13)")));
    }
  }

  @Override
  public void onComplete() {
    if (!terminated) {
      terminated = true;
      signals.add(new Terminal(null));
    }
  }

  private void fail(Throwable violation) {
    terminated = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    signals.add(new Terminal(violation));
  }
}
