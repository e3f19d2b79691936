package io.kameo.remote.registry;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.NameEvent;
import io.kameo.remote.RegistryConfig;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.internal.registry.NameRecord;
import io.kameo.remote.internal.registry.RegistryEntry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One node of the registry process tests, run as its own JVM by {@link
 * io.kameo.libp2p.testing.ChildJvm}: {@code RegistryNode <seed hex|-> <bootstrap addr|-> <ttl ms>
 * <republish ms> [forger|mdns]}. It prints {@code ready <peer id> <incarnation hex> <address>},
 * then answers each stdin line {@code <id> <command> <args>} with one line {@code <id> <answer>};
 * watch events are lines {@code event <name> joined|left <peer>/<actor id>}.
 *
 * <p>A normal node runs an {@link ActorSwarm}. A forger runs a bare DHT that validates nothing, so
 * it can send any {@code PUT_VALUE} it likes: it captures the records it reads and puts forged,
 * re-signed, replayed and junk ones, answering with how many peers acknowledged. With {@code mdns}
 * its host finds peers by mDNS discovery.
 */
public final class RegistryNode {
  /** Asks a counter which node and actor it is. */
  public record Who() implements Message<Counter, String> {}

  /** A registrable actor that says where it runs. */
  @RemoteActor("registry.Counter")
  public static final class Counter implements Actor<Counter> {
    private final String where;

    Counter(String where) {
      this.where = where;
    }

    @Handler
    @RemoteMessage("who")
    String who(Who m) {
      return where;
    }
  }

  private final Map<String, Deque<ActorRef<Counter>>> mine = new HashMap<>();
  private final Map<String, RemoteActorRef<Counter>> handles = new HashMap<>();
  private final Map<String, byte[]> captured = new HashMap<>();
  private ActorSwarm swarm;
  private Host host;
  private Dht dht;
  private Dht rawDht;
  private Keypair keypair;

  public static void main(String[] args) throws Exception {
    new RegistryNode().run(args);
  }

  private void run(String[] args) throws Exception {
    keypair =
        args[0].equals("-")
            ? Keypair.generate()
            : Keypair.fromSeed(HexFormat.of().parseHex(args[0]));
    boolean forger = args.length > 4 && args[4].equals("forger");
    boolean mdns = List.of(args).contains("mdns");
    host = Libp2p.newHost(keypair, HostConfig.defaults().withMdns(mdns));
    Multiaddr addr = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(host.peerId());
    DhtConfig dhtConfig =
        DhtConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    dht = forger ? Libp2p.startDht(host, dhtConfig) : ActorSwarm.startDht(host, dhtConfig);
    if (!args[1].equals("-")) {
      dht.bootstrap(List.of(Multiaddr.parse(args[1])));
    }
    String incarnation = "-";
    if (forger) {
      rawDht = dht;
    } else {
      RegistryConfig config =
          new RegistryConfig(
              Duration.ofMillis(Long.parseLong(args[2])),
              Duration.ofMillis(Long.parseLong(args[3])),
              Duration.ofMillis(100));
      swarm = ActorSwarm.start(keypair, host, dht, config);
      incarnation = Long.toHexString(swarm.incarnation());
    }
    System.out.println("ready " + host.peerId() + " " + incarnation + " " + addr);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] w = line.split(" ");
      String answer;
      try {
        answer = command(w);
      } catch (RemoteSendException e) {
        answer = "error " + e.reason() + " " + e.getMessage();
      } catch (RuntimeException e) {
        answer = "error " + e.getClass().getSimpleName() + " " + e.getMessage();
      }
      System.out.println(w[0] + " " + answer.replace('\n', ' '));
    }
  }

  private String command(String[] w) throws Exception {
    String name = w.length > 2 ? w[2] : null;
    switch (w[1]) {
      case "register", "join" -> {
        ActorRef<Counter> actor =
            Actor.spawn(new Counter(swarm.peerId() + "/" + swarm.incarnation() + "/" + name));
        if (w[1].equals("register")) {
          swarm.register(actor, name);
        } else {
          swarm.join(actor, name);
        }
        mine.computeIfAbsent(name, n -> new ArrayDeque<>()).push(actor);
        return "ok " + actor.id().sequence();
      }
      case "stop" -> {
        ActorRef<Counter> actor = mine.get(name).pop();
        actor.stopGracefully();
        actor.shutdown().toCompletableFuture().get();
        return "ok";
      }
      case "close" -> {
        swarm.close(); // withdraws every name; the host stays up
        return "ok";
      }
      case "leave" -> {
        // as a program ends: its actors stop, then the swarm, the DHT and the host close
        for (Deque<ActorRef<Counter>> actors : mine.values()) {
          for (ActorRef<Counter> actor : actors) {
            actor.stopGracefully();
            actor.waitForShutdown();
          }
        }
        swarm.close();
        dht.close();
        host.close();
        return "ok";
      }
      case "unregister" -> {
        return "ok " + swarm.unregister(name);
      }
      case "all" -> {
        return "ok "
            + swarm.lookupAll(name, Counter.class).stream()
                .map(r -> r.peer() + "/" + r.id().sequence())
                .sorted()
                .collect(Collectors.joining(","));
      }
      case "lookup" -> {
        Optional<RemoteActorRef<Counter>> ref = swarm.lookup(name, Counter.class);
        ref.ifPresent(r -> handles.put(w[3], r));
        return ref.map(r -> "ok " + r.peer() + "/" + r.id().sequence()).orElse("ok empty");
      }
      case "ask" -> {
        return "ok " + handles.get(w[2]).ask(new Who(), Duration.ofSeconds(5));
      }
      case "watch" -> {
        swarm.watch(
            name,
            Counter.class,
            e ->
                System.out.println(
                    "event "
                        + name
                        + (e instanceof NameEvent.Joined<Counter> ? " joined " : " left ")
                        + e.actor().peer()
                        + "/"
                        + e.actor().id().sequence()));
        return "ok";
      }
      default -> {
        return forge(w);
      }
    }
  }

  /** The forger's commands: each answers with the number of peers that stored the put. */
  private String forge(String[] w) {
    String name = w[2];
    byte[] key = NameRecord.key(name);
    switch (w[1]) {
      case "capture" -> {
        byte[] value = rawDht.getValue(key).orElseThrow();
        RegistryEntry entry = NameRecord.decode(value).entries().get(0);
        captured.put(name, entry.encode());
        return "ok " + entry.version();
      }
      case "put-tampered" -> {
        // the owner's entry with another actor id, keeping its signature
        RegistryEntry real = RegistryEntry.decode(captured.get(name));
        RegistryEntry other =
            RegistryEntry.sign(
                keypair,
                name,
                real.incarnation(),
                real.version() + 1_000_000,
                real.sinceMillis(),
                real.expiresMillis(),
                real.exclusive(),
                List.of(new RegistryEntry.Member(999, "registry.Counter")),
                real.addrs());
        byte[] body = other.body();
        byte[] peerField = real.peer().toBytes();
        byte[] forgedBody = swapPeer(body, keypair.peerId().toBytes(), peerField);
        return put(key, withSignature(forgedBody, real.signature()));
      }
      case "put-resigned" -> {
        // the owner's exact body, signed by the forger's key
        RegistryEntry real = RegistryEntry.decode(captured.get(name));
        byte[] body = real.body();
        byte[] domain = "kameo-registry-entry/1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = keypair.sign(concat(domain, body));
        return put(key, withSignature(body, signed));
      }
      case "version" -> {
        byte[] value = rawDht.getValue(key).orElseThrow();
        return "ok " + NameRecord.decode(value).entries().get(0).version();
      }
      case "put-app" -> {
        return "ok "
            + rawDht.putValue(("/app/" + name).getBytes(StandardCharsets.UTF_8), new byte[] {1});
      }
      case "put-replay" -> {
        return put(key, captured.get(name));
      }
      case "put-own" -> {
        long now = System.currentTimeMillis();
        RegistryEntry own =
            RegistryEntry.sign(
                keypair,
                name,
                1,
                now,
                now - 3_600_000, // claims to be older than anyone
                now + 30_000,
                true,
                List.of(new RegistryEntry.Member(1, "registry.Counter")),
                List.of());
        return put(key, own.encode());
      }
      case "put-junk" -> {
        return "ok " + rawDht.putValue(key, "not a registration".getBytes(StandardCharsets.UTF_8));
      }
      default -> throw new IllegalArgumentException("unknown command " + w[1]);
    }
  }

  private String put(byte[] key, byte[] entry) {
    byte[] value =
        concat(
            new byte[] {0x0a}, concat(varint(entry.length), entry)); // NameRecord { entries = 1 }
    return "ok " + rawDht.putValue(key, value);
  }

  private static byte[] withSignature(byte[] body, byte[] signature) {
    return concat(body, concat(new byte[] {0x7a, 0x40}, signature));
  }

  private static byte[] swapPeer(byte[] body, byte[] from, byte[] to) {
    String hex = HexFormat.of().formatHex(body);
    return HexFormat.of()
        .parseHex(hex.replace(HexFormat.of().formatHex(from), HexFormat.of().formatHex(to)));
  }

  private static byte[] varint(int n) {
    return n < 128 ? new byte[] {(byte) n} : new byte[] {(byte) (n | 0x80), (byte) (n >>> 7)};
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
