package io.kameo.benchmarks.remote.pair;

import static io.kameo.benchmarks.PekkoSupport.join;
import static io.kameo.benchmarks.PekkoSupport.terminate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * Pekko's side: a classic actor system with Artery in each process, over TCP or TLS over TCP, on
 * loopback; the sinks are found by actor selection of their paths.
 */
final class PekkoSide {
  /*
   * Everything not named here is Pekko's reference.conf: Artery's default lanes, queue sizes and
   * frame sizes, the default dispatcher, TLS 1.3 with its two default AES-GCM suites and mutual
   * authentication. Logging goes through SLF4J (to stderr), so that the processes' stdout carries
   * only the harness's lines. The three records are bound to jackson-cbor, Pekko's recommended
   * serializer for application messages (the CBOR twin of Kameo's default payload format); replies
   * are java.lang.Long, which Pekko serializes with its own primitive serializer.
   */
  private static final String CONFIG =
      """
      pekko {
        loglevel = WARNING
        stdout-loglevel = OFF
        loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        log-dead-letters = 10
        actor {
          provider = remote
          serialization-bindings {
            "io.kameo.benchmarks.remote.pair.Tick" = jackson-cbor
            "io.kameo.benchmarks.remote.pair.Count" = jackson-cbor
            "io.kameo.benchmarks.remote.pair.Ping" = jackson-cbor
          }
        }
        remote.warn-about-direct-use = off
        remote.artery.canonical {
          hostname = "127.0.0.1"
          port = 0
        }
      }
      """;

  private PekkoSide() {}

  /** The configuration of one process; {@code keystore} is read only with {@code tls}. */
  static Config config(boolean tls, Path keystore) {
    Config config = ConfigFactory.parseString(CONFIG);
    if (tls) {
      String store = keystore.toAbsolutePath().toString().replace("\\", "/");
      String password = SelfSignedKeystore.PASSWORD;
      config =
          ConfigFactory.parseString(
                  """
                  pekko.remote.artery.transport = tls-tcp
                  pekko.remote.artery.ssl.config-ssl-engine {
                    key-store = "%s"
                    trust-store = "%s"
                    key-store-password = "%s"
                    key-password = "%s"
                    trust-store-password = "%s"
                  }
                  """
                      .formatted(store, store, password, password, password))
              .withFallback(config);
    }
    return config.withFallback(ConfigFactory.load());
  }

  static Library.Node serve(int sinks, boolean tls, Path keystore) {
    ActorSystem system = ActorSystem.create("remote", config(tls, keystore));
    for (int i = 0; i < sinks; i++) {
      system.actorOf(PekkoSink.props(), "sink-" + i);
    }
    String address = ((ExtendedActorSystem) system).provider().getDefaultAddress().toString();
    return new Library.Node(address, () -> terminate(system));
  }

  static Library.Sinks connect(String address, int sinks, boolean tls, Path keystore) {
    ActorSystem system = ActorSystem.create("local", config(tls, keystore));
    try {
      List<ActorRef> refs = new ArrayList<>();
      for (int i = 0; i < sinks; i++) {
        refs.add(resolve(system, address + "/user/sink-" + i));
      }
      return new Library.Sinks() {
        @Override
        public void tell(int sink, Tick tick) {
          refs.get(sink).tell(tick, ActorRef.noSender());
        }

        @Override
        public long ask(int sink, Count count) {
          return (Long) join(Patterns.ask(refs.get(sink), count, Library.TIMEOUT));
        }

        @Override
        public long ask(int sink, Ping ping) {
          return (Long) join(Patterns.ask(refs.get(sink), ping, Library.TIMEOUT));
        }

        @Override
        public void close() {
          terminate(system);
        }
      };
    } catch (RuntimeException e) {
      terminate(system);
      throw e;
    }
  }

  /**
   * Resolves {@code path} until it answers, for at most {@link Library#TIMEOUT}: on a busy machine
   * Artery's first handshake can fail, and the identify message of that attempt goes to dead
   * letters (ActorNotFound at once), while the next connection succeeds.
   */
  private static ActorRef resolve(ActorSystem system, String path) {
    long deadline = System.nanoTime() + Library.TIMEOUT.toNanos();
    while (true) {
      try {
        return join(system.actorSelection(path).resolveOne(Duration.ofSeconds(10)));
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(100_000_000L); // before the next attempt
      }
    }
  }
}
