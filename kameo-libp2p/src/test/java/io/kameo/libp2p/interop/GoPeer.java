package io.kameo.libp2p.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A go-libp2p peer run as a subprocess of a test: the program in {@code src/test/go} (go-libp2p
 * with TCP, Noise, Yamux, identify, ping, {@code /echo/1.0.0} and, when asked, go-libp2p-kad-dht in
 * server mode), driven by JSON commands: {@code connect}, {@code ping}, {@code identify}, {@code
 * echo}, {@code echoLog}, {@code put}, {@code get}, {@code getLocal}, {@code provide}, {@code
 * findProviders}, {@code findPeer}, {@code closestPeers}, {@code routingTable}. {@code commands.go}
 * documents each command and its answer.
 *
 * <p>The first use builds the program with {@code go build} into {@code
 * ~/.cache/kameo-interop/go-peer-<hash>} (outside the clone; {@code $XDG_CACHE_HOME} or the system
 * property {@code kameo.interop.cache} move it), where the hash covers the Go sources and the Go
 * version, so a warm machine builds nothing; the Go module and build caches are Go's defaults. The
 * modules are pinned by {@code go.mod} and {@code go.sum}. If {@code go} is not installed the
 * methods throw {@link IllegalStateException} saying so: interop tests fail, they are never
 * skipped. Stderr of the build and of every peer goes to a log under {@code target/go-peer-logs}.
 *
 * <p>Thread-safe: commands from several threads run one at a time, each waiting for its own answer
 * (see {@link JsonLineProcess}); {@link #binary} may be called concurrently.
 */
public final class GoPeer implements AutoCloseable {
  /** How long a peer may take to print its address. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long the peer lets a command run unless the command sets {@code timeoutMs}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  /** How long {@code go build} may take, module downloads included. */
  public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  private static Path binary; // guarded by GoPeer.class

  private final JsonLineProcess process;
  private final String peerId;
  private final List<String> addrs;

  private GoPeer(JsonLineProcess process, String peerId, List<String> addrs) {
    this.process = process;
    this.peerId = peerId;
    this.addrs = List.copyOf(addrs);
  }

  /** Returns the directory holding the Go peer's {@code go.mod}. */
  public static Path sourceDir() {
    String configured = System.getProperty("kameo.go.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("src", "test", "go");
    return dir.toAbsolutePath().normalize();
  }

  /**
   * Starts a Go peer listening on {@code /ip4/127.0.0.1/tcp/0} and waits for its address line.
   *
   * @param seedHex 64 hex digits for a deterministic Ed25519 identity, or null for a random one
   * @param kadProtocol the kad-dht protocol id to serve (such as {@code /ipfs/kad/1.0.0}), or null
   *     for no DHT
   * @throws IllegalStateException if Go is missing, the build fails or the peer does not start
   *     within {@link #START_TIMEOUT}
   */
  public static GoPeer start(String seedHex, String kadProtocol) {
    return start(seedHex, kadProtocol, List.of());
  }

  /**
   * Starts a Go peer as {@link #start(String, String)} does, with more command-line flags (such as
   * {@code --mdns}).
   */
  public static GoPeer start(String seedHex, String kadProtocol, List<String> flags) {
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    command.addAll(flags);
    if (seedHex != null) {
      command.addAll(List.of("--seed", seedHex));
    }
    if (kadProtocol != null) {
      command.addAll(List.of("--dht", kadProtocol));
    }
    JsonLineProcess process =
        JsonLineProcess.start(
            "go peer",
            command,
            sourceDir(),
            JsPeer.logFile("go-peer-logs", "go-peer"),
            START_TIMEOUT,
            COMMAND_TIMEOUT);
    return new GoPeer(process, process.peerId(), process.addrs());
  }

  /**
   * Returns the built Go peer, building it first unless the cache holds a build of these sources.
   *
   * @throws IllegalStateException if {@code go} is missing or the build fails, quoting its output
   */
  public static synchronized Path binary() {
    if (binary != null) {
      return binary;
    }
    Path source = sourceDir();
    if (!Files.isRegularFile(source.resolve("go.mod"))) {
      throw new IllegalStateException("go.mod of the Go interop peer not found in " + source);
    }
    String go = goCommand();
    String goVersion = goVersion(go);
    Path dir = cacheDir().resolve("go-peer-" + sourceHash(source, goVersion));
    Path built = dir.resolve("go-peer");
    if (!Files.isExecutable(built)) {
      build(go, source, dir, built);
    }
    binary = built;
    return built;
  }

  /**
   * Returns the go command: the system property {@code kameo.go}, else {@code go} from the {@code
   * PATH}, else Go's standard install location {@code /usr/local/go/bin/go} if it exists there.
   */
  static String goCommand() {
    String configured = System.getProperty("kameo.go");
    if (configured != null) {
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
        return "go";
      }
    }
    Path standard = Path.of("/usr/local/go/bin/go");
    return Files.isExecutable(standard) ? standard.toString() : "go";
  }

  /**
   * Returns what {@code <go> version} prints.
   *
   * @throws IllegalStateException saying to install Go if {@code go} cannot be started
   */
  static String goVersion(String go) {
    try {
      Process version = new ProcessBuilder(go, "version").redirectErrorStream(true).start();
      String out =
          new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!version.waitFor(60, TimeUnit.SECONDS) || version.exitValue() != 0) {
        version.destroyForcibly();
        throw new IllegalStateException("'" + go + " version' failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Go (1.26 or newer) is required for the go-libp2p interop tests but '"
              + go
              + "' could not be started: "
              + e.getMessage()
              + ". Install Go 1.26 and make sure 'go' is on the PATH.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Go version", e);
    }
  }

  private static Path cacheDir() {
    String configured = System.getProperty("kameo.interop.cache");
    if (configured != null) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("kameo-interop");
  }

  /** Hashes go.mod, go.sum, every .go file (name and content) and the Go version. */
  private static String sourceHash(Path source, String goVersion) {
    try (Stream<Path> files = Files.list(source)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(goVersion.getBytes(StandardCharsets.UTF_8));
      for (Path file :
          files
              .filter(
                  f -> {
                    String name = f.getFileName().toString();
                    return name.endsWith(".go") || name.equals("go.mod") || name.equals("go.sum");
                  })
              .sorted()
              .toList()) {
        digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Go peer sources in " + source, e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Builds into a temporary file beside {@code built} and moves it in place atomically. */
  private static void build(String go, Path source, Path dir, Path built) {
    Path log = JsPeer.logFile("go-peer-logs", "go-build");
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "go-peer-", ".partial");
      Process build =
          new ProcessBuilder(
                  go, "build", "-trimpath", "-buildvcs=false", "-o", partial.toString(), ".")
              .directory(source.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "go build in "
                + source
                + " did not finish within "
                + BUILD_TIMEOUT
                + ":\n"
                + JsPeer.tail(log));
      }
      if (build.exitValue() != 0) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "go build in "
                + source
                + " exited with "
                + build.exitValue()
                + ":\n"
                + JsPeer.tail(log));
      }
      Files.move(
          partial, built, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(
          "building the Go interop peer in " + source + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the Go interop peer", e);
    }
  }

  /** Returns the JSON line the peer printed when it started (peer id, addrs, agent version...). */
  public Map<String, Object> json() {
    return process.first();
  }

  /** Returns the agent version the peer sends in identify. */
  public String agentVersion() {
    return (String) process.first().get("agentVersion");
  }

  /**
   * Sends one command and returns its answer, which holds an {@code error} field if the command
   * failed in Go. The command must have a {@code cmd} field; an {@code id} field is added.
   *
   * @throws IllegalStateException if no answer arrives in time or the process has exited
   */
  public Map<String, Object> command(Map<String, ?> command) {
    return process.command(command);
  }

  /**
   * Like {@link #command}, but fails unless the answer has no {@code error} field.
   *
   * @throws IllegalStateException naming the command, the Go error and the tail of stderr
   */
  public Map<String, Object> commandOk(Map<String, ?> command) {
    return process.commandOk(command);
  }

  /** Returns the peer id of this peer. */
  public String peerId() {
    return peerId;
  }

  /** Returns its listen addresses, each ending in {@code /p2p/<peer id>}. */
  public List<String> addrs() {
    return addrs;
  }

  /** Returns its first listen address, ending in {@code /p2p/<peer id>}. */
  public String addr() {
    return addrs.get(0);
  }

  /** Returns whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the peer by closing its standard input, and kills it if it has not exited in 10 s. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "GoPeer(" + peerId + " at " + addrs + ", log " + process.log() + ")";
  }
}
