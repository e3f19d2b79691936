package io.kameo.libp2p.internal.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final StreamRateLimiter limiter = new StreamRateLimiter(10, now::get);

  @Test
  void a_full_bucket_admits_one_burst_then_refuses() {
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.tryAcquire(), "stream " + i);
    }
    assertFalse(limiter.tryAcquire());
  }

  @Test
  void tokens_come_back_at_the_rate_and_never_beyond_the_burst() {
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire();
    }
    now.addAndGet(100_000_000L); // 0.1 s: one token at 10 a second
    assertTrue(limiter.tryAcquire());
    assertFalse(limiter.tryAcquire());
    now.addAndGet(60_000_000_000L); // a minute idle refills only the burst
    int admitted = 0;
    while (limiter.tryAcquire()) {
      admitted++;
    }
    assertTrue(admitted == 10, "admitted " + admitted);
  }

  @Test
  void a_clock_that_goes_back_gives_no_tokens() {
    for (int i = 0; i < 10; i++) {
      limiter.tryAcquire();
    }
    now.addAndGet(-5_000_000_000L);
    assertFalse(limiter.tryAcquire());
  }
}
