package io.kameo.libp2p.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>Thread-safe (see {@link InteropPeer}); {@link #binary} may be called concurrently.
 */
public final class GoPeer extends InteropPeer {
  /** How long a peer may take to print its address. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long the peer lets a command run unless the command sets {@code timeoutMs}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  /** How long {@code go build} may take, module downloads included. */
  public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

  private static Path binary; // guarded by GoPeer.class

  private GoPeer(JsonLineProcess process) {
    super(process);
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
    return new GoPeer(
        JsonLineProcess.start(
            "go peer",
            command,
            sourceDir(),
            JsPeer.logFile("go-peer-logs", "go-peer"),
            START_TIMEOUT,
            COMMAND_TIMEOUT));
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
    Path dir =
        PeerBuild.cacheDir()
            .resolve("go-peer-" + PeerBuild.hash(goVersion, source, sources(source)));
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
    return PeerBuild.command("kameo.go", "go", Path.of("/usr/local/go/bin/go"));
  }

  /**
   * Returns what {@code <go> version} prints.
   *
   * @throws IllegalStateException saying to install Go if {@code go} cannot be started
   */
  static String goVersion(String go) {
    return PeerBuild.toolVersion(
        go,
        "version",
        "Go (1.26 or newer) is required for the go-libp2p interop tests."
            + " Install Go 1.26 and make sure 'go' is on the PATH.");
  }

  /** go.mod, go.sum and every .go file, sorted. */
  private static List<Path> sources(Path source) {
    try (Stream<Path> files = Files.list(source)) {
      return files
          .filter(
              f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".go") || name.equals("go.mod") || name.equals("go.sum");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Go peer sources in " + source, e);
    }
  }

  /** Builds into a temporary file beside {@code built} and moves it in place atomically. */
  private static void build(String go, Path source, Path dir, Path built) {
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "go-peer-", ".partial");
      try {
        PeerBuild.run(
            List.of(go, "build", "-trimpath", "-buildvcs=false", "-o", partial.toString(), "."),
            source,
            Map.of(),
            JsPeer.logFile("go-peer-logs", "go-build"),
            BUILD_TIMEOUT);
      } catch (IllegalStateException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      Files.move(
          partial, built, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(
          "building the Go interop peer in " + source + " failed: " + e.getMessage(), e);
    }
  }
}
