package io.kameo.remote.messaging;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.ControlFlow;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * A node run as a separate JVM by the remote messaging tests: a swarm on 127.0.0.1 with a few
 * registered actors; prints {@code ready <address>}, then obeys stdin lines ({@code release},
 * {@code spawn <name>}).
 */
public final class RemoteNode {
  /** Lets blocked {@link Gate} handlers go on. */
  static final Semaphore RELEASE = new Semaphore(0);

  private RemoteNode() {}

  /**
   * Opens this package to Jackson when the tests run in the patched {@code io.kameo.remote} module
   * (the child runs on the class path, where it is open already).
   */
  public static void openToJackson() {
    Module self = RemoteNode.class.getModule();
    if (self.isNamed()) {
      self.addOpens(RemoteNode.class.getPackageName(), ObjectMapper.class.getModule());
    }
  }

  /** Replies with its number. */
  public record Echo(long n) implements Message<Worker, Long> {}

  /** Sleeps, then replies with the millis. */
  public record Slow(long millis) implements Message<Worker, Long> {}

  /** Replies with a string of {@code chars} characters. */
  public record Big(int chars) implements Message<Worker, String> {}

  /** Carries {@code text} in; replies with its length. */
  public record Carry(String text) implements Message<Worker, Integer> {}

  /** The handler throws. */
  public record Boom() implements Message<Worker, Long> {}

  /** The actor stops normally after this. */
  public record Quit() implements Message<Worker, Long> {}

  /** Would let a payload name the class of its value: refused before it is sent. */
  public record Wrapped(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value)
      implements Message<Worker, Long> {}

  /** Replies with the link deaths the actor saw, one "id reason" each. */
  public record Deaths() implements Message<Worker, List<String>> {}

  /** A general-purpose remote actor. */
  @RemoteActor("test.messaging.Worker")
  public static final class Worker implements Actor<Worker> {
    private final List<String> deaths = new ArrayList<>();

    @Handler
    @RemoteMessage("echo")
    long echo(Echo m) {
      return m.n();
    }

    @Handler
    @RemoteMessage("slow")
    long slow(Slow m) throws InterruptedException {
      Thread.sleep(m.millis());
      return m.millis();
    }

    @Handler
    @RemoteMessage("big")
    String big(Big m) {
      return "x".repeat(m.chars());
    }

    @Handler
    @RemoteMessage("carry")
    int carry(Carry m) {
      return m.text().length();
    }

    @Handler
    @RemoteMessage("boom")
    long boom(Boom m) {
      throw new IllegalStateException("boom");
    }

    @Handler
    @RemoteMessage("quit")
    long quit(Quit m, Context<Worker, Long> ctx) {
      ctx.stop();
      return 0;
    }

    @Handler
    @RemoteMessage("wrapped")
    long wrapped(Wrapped m) {
      return 0;
    }

    @Handler
    @RemoteMessage("deaths")
    List<String> deaths(Deaths m) {
      return List.copyOf(deaths);
    }

    @Override
    public ControlFlow onLinkDied(ActorRef<Worker> self, ActorId id, StopReason reason) {
      deaths.add(id + " " + reason);
      return ControlFlow.CONTINUE;
    }
  }

  /** Blocks the gate's handler until the node is told {@code release}. */
  public record Block() implements Message<Gate, Long> {}

  /** Counted by the gate. */
  public record Hit() implements Message<Gate, Long> {}

  /** A large hit: counted like {@link Hit}, its text dropped. */
  public record HeavyHit(String text) implements Message<Gate, Long> {}

  /** Replies with the number of hits. */
  public record Count() implements Message<Gate, Long> {}

  /** A remote actor whose handler can be held up, to fill its bounded mailbox. */
  @RemoteActor("test.messaging.Gate")
  public static final class Gate implements Actor<Gate> {
    private long hits;

    @Handler
    @RemoteMessage("block")
    long block(Block m) throws InterruptedException {
      RELEASE.acquire();
      return 0;
    }

    @Handler
    @RemoteMessage("hit")
    long hit(Hit m) {
      return ++hits;
    }

    @Handler
    @RemoteMessage("heavy-hit")
    long heavyHit(HeavyHit m) {
      return ++hits;
    }

    @Handler
    @RemoteMessage("count")
    long count(Count m) {
      return hits;
    }
  }

  /** Message {@code seq} from sender {@code sender}. */
  public record Record(int sender, long seq) implements Message<Recorder, Long> {}

  /** Replies with "count outOfOrder". */
  public record Summary() implements Message<Recorder, String> {}

  /** Counts messages and checks that each sender's come in order. */
  @RemoteActor("test.messaging.Recorder")
  public static final class Recorder implements Actor<Recorder> {
    private final Map<Integer, Long> last = new HashMap<>();
    private long count;
    private long outOfOrder;

    @Handler
    @RemoteMessage("record")
    long record(Record m) {
      count++;
      long previous = last.getOrDefault(m.sender(), -1L);
      if (m.seq() != previous + 1) {
        outOfOrder++;
      }
      last.put(m.sender(), m.seq());
      return count;
    }

    @Handler
    @RemoteMessage("summary")
    String summary(Summary m) {
      return count + " " + outOfOrder;
    }
  }

  /** Starts the node; args: [max message size or "-"] [key seed, 64 hex digits]. */
  public static void main(String[] args) throws Exception {
    ActorSwarmConfig config =
        args.length > 0 && !args[0].equals("-")
            ? ActorSwarmConfig.defaults().withMaxMessageSize(Integer.parseInt(args[0]))
            : ActorSwarmConfig.defaults();
    Keypair key =
        args.length > 1
            ? Keypair.fromSeed(java.util.HexFormat.of().parseHex(args[1]))
            : Keypair.generate();
    ActorSwarm swarm =
        ActorSwarm.bootstrap(key, Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), List.of(), config);
    swarm.register(Actor.spawn(new Worker()), "worker");
    swarm.register(Actor.builder(new Gate()).mailbox(Mailbox.bounded(1)).spawn(), "gate");
    swarm.register(
        Actor.builder(new Gate())
            .mailbox(Mailbox.bounded(1))
            .mailboxTimeout(Duration.ofMillis(200))
            .spawn(),
        "strict-gate");
    swarm.register(Actor.builder(new Recorder()).mailbox(Mailbox.unbounded()).spawn(), "recorder");
    swarm.register(
        Actor.builder(new Recorder()).mailbox(Mailbox.bounded(4)).spawn(), "bounded-recorder");
    System.out.println("ready " + swarm.addresses().get(0));
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ");
      switch (words[0]) {
        case "release" -> RELEASE.release(1_000);
        case "spawn" -> {
          swarm.register(Actor.spawn(new Worker()), words[1]);
          System.out.println("spawned " + words[1]);
        }
        default -> System.out.println("unknown command " + line);
      }
    }
    swarm.close();
  }
}
