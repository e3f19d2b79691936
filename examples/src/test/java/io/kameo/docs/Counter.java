package io.kameo.docs;

import io.kameo.Actor;
import io.kameo.Message;
import io.kameo.annotations.Handler;

// The README's actor, quoted verbatim by README.md ("Define an actor").

record Inc(long amount) implements Message<Counter, Long> {}

final class Counter implements Actor<Counter> {
  private long count;

  @Handler
  long inc(Inc msg) {
    count += msg.amount();
    return count;
  }
}
