package io.kameo.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;

/**
 * What the Pekko adapters share: the actor system configuration and blocking helpers (public for
 * the remote side by side in {@code io.kameo.benchmarks.remote.pair}).
 */
public final class PekkoSupport {
  /*
   * Pekko runs with its default dispatcher (a fork-join pool, throughput 5), its default mailboxes
   * and its default serialization settings; only logging is quieted. The two bounded mailboxes
   * block the sender while full (a negative push timeout makes BoundedMailbox use put()), the same
   * no-loss back-pressure that a Kameo bounded mailbox gives; Pekko's own
   * MailboxSelector.bounded() would instead drop to dead letters.
   */
  private static final String CONFIG =
      """
      pekko {
        loglevel = WARNING
        stdout-loglevel = WARNING
        log-dead-letters = 0
        log-dead-letters-during-shutdown = off
        actor.warn-about-java-serializer-usage = off
      }
      kameo-bench {
        bounded-64 {
          mailbox-type = "org.apache.pekko.dispatch.BoundedMailbox"
          mailbox-capacity = 64
          mailbox-push-timeout-time = -1ms
        }
        bounded-1024 {
          mailbox-type = "org.apache.pekko.dispatch.BoundedMailbox"
          mailbox-capacity = 1024
          mailbox-push-timeout-time = -1ms
        }
      }
      """;

  /** How long any single wait in an adapter may take before the run counts as failed. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private PekkoSupport() {}

  /** Creates a classic actor system with the benchmark configuration. */
  static ActorSystem newSystem(String name) {
    Config config = ConfigFactory.parseString(CONFIG).withFallback(ConfigFactory.load());
    return ActorSystem.create(name, config);
  }

  /** The config path of the bounded mailbox with {@code capacity}. */
  static String boundedMailbox(int capacity) {
    return "kameo-bench.bounded-" + capacity;
  }

  /** Terminates {@code system} and waits for it. */
  public static void terminate(ActorSystem system) {
    system.terminate();
    join(system.getWhenTerminated());
  }

  /** Waits for {@code stage} at most {@link #TIMEOUT}. */
  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + TIMEOUT, e);
    }
  }

  /** Waits for {@code latch} at most {@link #TIMEOUT}. */
  static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(
            "timed out after "
                + TIMEOUT
                + " waiting for "
                + what
                + ", "
                + latch.getCount()
                + " left");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
