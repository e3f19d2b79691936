package io.kameo.examples.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.examples.remote.RemoteCounterExample.Counter;
import io.kameo.examples.remote.RemoteCounterExample.Inc;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.IdentifyInfo;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.RemoteActorRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A command-line Kameo node, run by the {@code examples/kameo-node} script or with {@code ./mvnw
 * -pl examples exec:exec -Dexample.main=io.kameo.examples.node.KameoNode -Dexample.args="…"} (the
 * README's two-terminal walkthrough). {@code kameo-node --help} lists the commands:
 *
 * <pre>
 * kameo-node serve --listen &lt;multiaddr&gt; [--seed &lt;64 hex&gt;] [--bootstrap &lt;multiaddr&gt;]...
 *                  [--register-counter &lt;name&gt;]...
 * kameo-node ask --bootstrap &lt;multiaddr&gt; --name &lt;name&gt; --inc &lt;n&gt;
 * kameo-node ping &lt;multiaddr-with-/p2p/&gt;
 * kameo-node identify &lt;multiaddr&gt;
 * kameo-node generate-completion &gt; kameo-node.bash   # then: source kameo-node.bash
 * </pre>
 *
 * <p>{@code serve} runs a node with an echo handler, a Kademlia DHT ({@link Dht}) bootstrapped from
 * the {@code --bootstrap} peers and an actor swarm; each {@code --register-counter} registers a
 * counter actor ({@link Counter}) under that name. It prints one JSON line ({@code
 * {"peerId":…,"addrs":[…]}}) once it listens, one {@code {"registered":name}} per counter, and runs
 * until its standard input closes or it is terminated. {@code ask} looks the name up through the
 * bootstrap node and sends the counter {@code Inc(n)}, printing {@code {"name":…,"count":…}};
 * {@code ping} and {@code identify} print one JSON line with the result. Each exits 0, or prints
 * {@code {"error":…}} and exits 1 when the command failed and 2 for a usage error. Logs go to
 * standard error. {@code generate-completion} prints a bash/zsh completion script (picocli's {@link
 * AutoComplete}) for the commands and options.
 */
@Command(
    name = "kameo-node",
    mixinStandardHelpOptions = true,
    version = "kameo-node 0.1.0",
    description = "A Kameo node: serve actors, ask them, ping and identify peers.",
    subcommands = {
      KameoNode.Serve.class,
      KameoNode.Ask.class,
      KameoNode.Ping.class,
      KameoNode.Identify.class,
      AutoComplete.GenerateCompletion.class
    })
public final class KameoNode implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(KameoNode.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit code of a failed command. */
  public static final int FAILED = 1;

  /** The exit code of a usage error. */
  public static final int USAGE = 2;

  private final InputStream stdin;
  private final PrintStream stdout;
  private final Consumer<Host> onServe;

  private KameoNode(InputStream stdin, PrintStream stdout, Consumer<Host> onServe) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.onServe = onServe;
  }

  /** Runs the command in {@code args} and exits with its code. */
  public static void main(String[] args) {
    int code =
        run(
            args,
            System.in,
            System.out,
            host ->
                Runtime.getRuntime()
                    .addShutdownHook(new Thread(host::close, "kameo-node-shutdown")));
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs one command and returns its exit code; {@code serve} returns when {@code stdin} reaches
   * end of input (or the node is closed by {@code onServe}'s shutdown hook).
   *
   * @param stdin the input whose end stops {@code serve}
   * @param stdout where the JSON lines (and {@code --help}) go
   * @param onServe called with the serving host before it prints its first line (main registers a
   *     shutdown hook with it)
   */
  public static int run(
      String[] args, InputStream stdin, PrintStream stdout, Consumer<Host> onServe) {
    CommandLine cli = new CommandLine(new KameoNode(stdin, stdout, onServe));
    cli.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
    // picocli hides its completion command by default; list it in --help
    cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          printError(
              stdout,
              e.getMessage()
                  + "; see "
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof UsageException) {
            printError(stdout, e.getMessage());
            return USAGE;
          }
          if (e instanceof RemoteException
              || e instanceof IllegalArgumentException
              || e instanceof IllegalStateException) {
            printError(stdout, e.getMessage());
            return FAILED;
          }
          throw e;
        });
    return cli.execute(args);
  }

  /** Without a command: the usage. */
  @Override
  public Integer call() {
    printError(stdout, "missing command; see kameo-node --help");
    return USAGE;
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static void printError(PrintStream stdout, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message == null ? "unknown error" : message);
    print(stdout, o);
  }

  private static void print(PrintStream stdout, ObjectNode o) {
    try {
      stdout.println(JSON.writeValueAsString(o));
      stdout.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Converts option values to multiaddrs, naming a bad one. */
  static final class MultiaddrConverter implements CommandLine.ITypeConverter<Multiaddr> {
    @Override
    public Multiaddr convert(String text) {
      try {
        return Multiaddr.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "bad multiaddr \"" + text + "\": " + e.getMessage());
      }
    }
  }

  /** Converts a 64-hex-digit seed to a keypair. */
  static final class SeedConverter implements CommandLine.ITypeConverter<Keypair> {
    @Override
    public Keypair convert(String hex) {
      if (hex.length() != 64) {
        throw new CommandLine.TypeConversionException(
            "--seed must be 64 hex digits, got " + hex.length() + " characters");
      }
      try {
        return Keypair.fromSeed(HexFormat.of().parseHex(hex));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("--seed is not hex: " + hex);
      }
    }
  }

  // ------------------------------------------------------------------ serve

  /** Runs a node until standard input closes. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Run a node (echo, DHT, actors) until standard input closes.")
  static final class Serve implements Callable<Integer> {
    @ParentCommand KameoNode node;

    @Option(
        names = "--listen",
        required = true,
        paramLabel = "<multiaddr>",
        converter = MultiaddrConverter.class,
        description = "Address to listen on, e.g. /ip4/127.0.0.1/tcp/4001.")
    Multiaddr listen;

    @Option(
        names = "--seed",
        paramLabel = "<64 hex>",
        converter = SeedConverter.class,
        description = "Ed25519 key seed: the same seed gives the same peer id.")
    Keypair keypair;

    @Option(
        names = "--bootstrap",
        paramLabel = "<multiaddr>",
        converter = MultiaddrConverter.class,
        description = "A peer to bootstrap the DHT from (repeatable).")
    List<Multiaddr> bootstrap = new ArrayList<>();

    @Option(
        names = "--register-counter",
        paramLabel = "<name>",
        description = "Register a counter actor under this name (repeatable).")
    List<String> counters = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
      Keypair key = keypair != null ? keypair : Keypair.generate();
      Host host = Libp2p.newHost(key);
      try {
        host.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
        host.listen(listen);
        Dht dht = ActorSwarm.startDht(host); // serves /kameo/registry/1.0.0; closed with the host
        try (ActorSwarm swarm = ActorSwarm.start(key, host, dht)) {
          node.onServe.accept(host);
          ObjectNode line = JSON.createObjectNode();
          line.put("peerId", host.peerId().toString());
          ArrayNode addrs = line.putArray("addrs");
          for (Multiaddr a : host.listenAddresses()) {
            addrs.add(a.withPeerId(host.peerId()).toString());
          }
          print(node.stdout, line);
          for (String name : counters) {
            ActorRef<Counter> counter = Actor.spawn(new Counter());
            swarm.register(counter, name);
            ObjectNode registered = JSON.createObjectNode();
            registered.put("registered", name);
            print(node.stdout, registered);
          }
          for (Multiaddr b : bootstrap) {
            bootstrapFrom(host, dht, b);
          }
          awaitEndOfInput(node.stdin);
          LOG.info("standard input closed, shutting down");
          return 0;
        }
      } finally {
        host.close();
      }
    }
  }

  /** Dials {@code b} and bootstraps the DHT from it, in the background; failures are logged. */
  private static void bootstrapFrom(Host host, Dht dht, Multiaddr b) {
    host.dialAsync(b)
        .whenComplete(
            (peer, e) -> {
              if (e != null) {
                LOG.warn("bootstrap dial of {} failed: {}", b, e.getMessage());
                return;
              }
              LOG.info("connected to bootstrap peer {} at {}", peer, b);
              Thread.ofVirtual()
                  .name("kameo-node-bootstrap")
                  .start(
                      () ->
                          LOG.info(
                              "DHT bootstrapped from {}: {} peers in the routing table",
                              peer,
                              dht.bootstrap(List.of(b.withPeerId(peer)))));
            });
  }

  private static void awaitEndOfInput(InputStream stdin) throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Thread.ofVirtual()
        .name("kameo-node-stdin")
        .start(
            () -> {
              try {
                while (stdin.read() >= 0) {
                  // runs until end of input
                }
              } catch (IOException e) {
                LOG.debug("stdin: {}", e.toString());
              }
              closed.countDown();
            });
    closed.await();
  }

  // ------------------------------------------------------------------ ask

  /** Asks a counter registered on another node. */
  @Command(
      name = "ask",
      mixinStandardHelpOptions = true,
      description = "Look a counter up through a bootstrap node and add to it.")
  static final class Ask implements Callable<Integer> {
    @ParentCommand KameoNode node;

    @Option(
        names = "--bootstrap",
        required = true,
        paramLabel = "<multiaddr>",
        converter = MultiaddrConverter.class,
        description = "A node of the network, e.g. the serving node's address.")
    Multiaddr bootstrap;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "<name>",
        description = "The name the counter is registered under.")
    String name;

    @Option(
        names = "--inc",
        required = true,
        paramLabel = "<n>",
        description = "How much to add to the counter.")
    long inc;

    @Option(
        names = "--listen",
        paramLabel = "<multiaddr>",
        converter = MultiaddrConverter.class,
        description = "Address this node listens on (default: ${DEFAULT-VALUE}).",
        defaultValue = "/ip4/127.0.0.1/tcp/0")
    Multiaddr listen;

    @Override
    public Integer call() {
      if (bootstrap.peerId().isEmpty()) {
        throw new UsageException(
            "--bootstrap needs a multiaddr ending in /p2p/<peer id>: " + bootstrap);
      }
      try (ActorSwarm swarm =
          ActorSwarm.bootstrap(Keypair.generate(), listen, List.of(bootstrap))) {
        Optional<RemoteActorRef<Counter>> counter = swarm.lookup(name, Counter.class);
        if (counter.isEmpty()) {
          printError(node.stdout, "no counter is registered under \"" + name + "\"");
          return FAILED;
        }
        long count = counter.get().ask(new Inc(inc));
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("count", count);
        print(node.stdout, o);
        return 0;
      }
    }
  }

  // ------------------------------------------------------------------ ping and identify

  private static Host client() {
    return Libp2p.newHost(
        Keypair.generate(), HostConfig.defaults().withStreamTimeout(Duration.ofSeconds(10)));
  }

  /** Pings a peer. */
  @Command(name = "ping", mixinStandardHelpOptions = true, description = "Ping a peer.")
  static final class Ping implements Callable<Integer> {
    @ParentCommand KameoNode node;

    @Parameters(
        paramLabel = "<multiaddr-with-/p2p/>",
        converter = MultiaddrConverter.class,
        description = "The peer's address, ending in /p2p/<peer id>.")
    Multiaddr address;

    @Override
    public Integer call() {
      if (address.peerId().isEmpty()) {
        throw new UsageException("ping needs a multiaddr ending in /p2p/<peer id>: " + address);
      }
      try (Host host = client()) {
        PeerId peer = host.dial(address);
        Duration rtt = host.ping(peer);
        ObjectNode o = JSON.createObjectNode();
        o.put("peerId", peer.toString());
        o.put("rttMicros", Math.max(1, rtt.toNanos() / 1000));
        print(node.stdout, o);
        return 0;
      }
    }
  }

  /** Asks a peer who it is. */
  @Command(
      name = "identify",
      mixinStandardHelpOptions = true,
      description = "Ask a peer for its identify record.")
  static final class Identify implements Callable<Integer> {
    @ParentCommand KameoNode node;

    @Parameters(
        paramLabel = "<multiaddr>",
        converter = MultiaddrConverter.class,
        description = "The peer's address.")
    Multiaddr address;

    @Override
    public Integer call() {
      try (Host host = client()) {
        PeerId peer = host.dial(address);
        IdentifyInfo info = host.identify(peer);
        ObjectNode o = JSON.createObjectNode();
        o.put("peerId", peer.toString());
        o.put("protocolVersion", info.protocolVersion());
        o.put("agentVersion", info.agentVersion());
        ArrayNode protocols = o.putArray("protocols");
        info.protocols().forEach(protocols::add);
        ArrayNode listen = o.putArray("listenAddrs");
        info.listenAddrs().forEach(a -> listen.add(a.toString()));
        info.observedAddr().ifPresent(a -> o.put("observedAddr", a.toString()));
        print(node.stdout, o);
        return 0;
      }
    }
  }
}
