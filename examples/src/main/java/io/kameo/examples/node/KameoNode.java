package io.kameo.examples.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command-line libp2p node built on {@link Host}, run by the {@code examples/kameo-node} script.
 *
 * <pre>
 * kameo-node serve --listen &lt;multiaddr&gt; [--seed &lt;64 hex&gt;] [--bootstrap &lt;multiaddr&gt;]...
 * kameo-node ping &lt;multiaddr-with-/p2p/&gt;
 * kameo-node identify &lt;multiaddr&gt;
 * </pre>
 *
 * <p>{@code serve} runs a node with an echo handler and a Kademlia DHT ({@link Dht}), bootstrapped
 * from the {@code --bootstrap} peers. It prints one JSON line ({@code {"peerId":…,"addrs":[…]}})
 * once it listens and runs until its standard input closes or it is terminated; {@code ping} and
 * {@code identify} print one JSON line with the result and exit 0, or {@code {"error":…}} and exit
 * 1. Usage errors exit 2. Logs go to standard error.
 */
public final class KameoNode {
  private static final Logger LOG = LoggerFactory.getLogger(KameoNode.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The exit code of a failed command. */
  public static final int FAILED = 1;

  /** The exit code of a usage error. */
  public static final int USAGE = 2;

  private KameoNode() {}

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
   * end of input (or the host is closed by {@code onServe}'s shutdown hook).
   *
   * @param stdin the input whose end stops {@code serve}
   * @param stdout where the one JSON line goes
   * @param onServe called with the serving host before it prints its line (main registers a
   *     shutdown hook with it)
   */
  public static int run(
      String[] args, InputStream stdin, PrintStream stdout, Consumer<Host> onServe) {
    if (args.length == 0) {
      return usage(stdout, "missing command");
    }
    try {
      return switch (args[0]) {
        case "serve" -> serve(args, stdin, stdout, onServe);
        case "ping" -> ping(args, stdout);
        case "identify" -> identify(args, stdout);
        default -> usage(stdout, "unknown command " + args[0]);
      };
    } catch (UsageException e) {
      return usage(stdout, e.getMessage());
    } catch (RemoteException | IllegalArgumentException | IllegalStateException e) {
      printError(stdout, e.getMessage());
      return FAILED;
    }
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static int usage(PrintStream stdout, String problem) {
    printError(
        stdout,
        problem
            + "; usage: kameo-node serve --listen <multiaddr> [--seed <64 hex>] [--bootstrap"
            + " <multiaddr>]... | ping <multiaddr-with-/p2p/> | identify <multiaddr>");
    return USAGE;
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

  private static Multiaddr parseAddress(String text) {
    try {
      return Multiaddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad multiaddr \"" + text + "\": " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ serve

  private static int serve(
      String[] args, InputStream stdin, PrintStream stdout, Consumer<Host> onServe) {
    Multiaddr listen = null;
    Keypair keypair = null;
    List<Multiaddr> bootstrap = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new UsageException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--listen" -> listen = parseAddress(value);
        case "--seed" -> keypair = Keypair.fromSeed(parseSeed(value));
        case "--bootstrap" -> bootstrap.add(parseAddress(value));
        default -> throw new UsageException("unknown option " + option);
      }
    }
    if (listen == null) {
      throw new UsageException("serve needs --listen <multiaddr>");
    }
    Host host = Libp2p.newHost(keypair != null ? keypair : Keypair.generate());
    try {
      host.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
      host.listen(listen);
      Dht dht = ActorSwarm.startDht(host); // serves /kameo/registry/1.0.0; closed with the host
      CountDownLatch closed = new CountDownLatch(1);
      onServe.accept(host);
      ObjectNode line = JSON.createObjectNode();
      line.put("peerId", host.peerId().toString());
      ArrayNode addrs = line.putArray("addrs");
      for (Multiaddr a : host.listenAddresses()) {
        addrs.add(a.withPeerId(host.peerId()).toString());
      }
      print(stdout, line);
      for (Multiaddr b : bootstrap) {
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
      LOG.info("standard input closed, shutting down");
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      host.close();
    }
  }

  private static byte[] parseSeed(String hex) {
    if (hex.length() != 64) {
      throw new UsageException("--seed must be 64 hex digits, got " + hex.length() + " characters");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--seed is not hex: " + hex);
    }
  }

  // ------------------------------------------------------------------ ping and identify

  private static Multiaddr target(String[] args, String command) {
    if (args.length != 2) {
      throw new UsageException(command + " needs exactly one multiaddr");
    }
    return parseAddress(args[1]);
  }

  private static Host client() {
    return Libp2p.newHost(
        Keypair.generate(), HostConfig.defaults().withStreamTimeout(Duration.ofSeconds(10)));
  }

  private static int ping(String[] args, PrintStream stdout) {
    Multiaddr address = target(args, "ping");
    if (address.peerId().isEmpty()) {
      throw new UsageException("ping needs a multiaddr ending in /p2p/<peer id>: " + address);
    }
    try (Host host = client()) {
      PeerId peer = host.dial(address);
      Duration rtt = host.ping(peer);
      ObjectNode o = JSON.createObjectNode();
      o.put("peerId", peer.toString());
      o.put("rttMicros", Math.max(1, rtt.toNanos() / 1000));
      print(stdout, o);
      return 0;
    }
  }

  private static int identify(String[] args, PrintStream stdout) {
    Multiaddr address = target(args, "identify");
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
      print(stdout, o);
      return 0;
    }
  }
}
