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
 * A rust-libp2p peer run as a subprocess of a test: the program in {@code src/test/rust}
 * (rust-libp2p with TCP, Noise, Yamux, identify, ping, a raw {@code /echo/1.0.0} stream and, when
 * asked, kad in server mode), driven by JSON commands: {@code connect}, {@code ping}, {@code
 * identify}, {@code echo}, {@code echoLog}, {@code put}, {@code get}, {@code getLocal}, {@code
 * provide}, {@code findProviders}, {@code localProviders}, {@code findPeer}, {@code closestPeers},
 * {@code routingTable}. {@code src/commands.rs} documents each command and its answer.
 *
 * <p>The first use builds the program with {@code cargo build --release --locked} (crates pinned by
 * the committed {@code Cargo.lock}) with its target directory in {@code
 * ~/.cache/kameo-interop/rust-target}, and copies the binary to {@code
 * ~/.cache/kameo-interop/rust-peer-<hash>}, where the hash covers the sources and {@code cargo
 * --version}: a warm machine builds nothing, and a changed source recompiles only this crate. If
 * {@code cargo} is not installed the methods throw {@link IllegalStateException} saying so: interop
 * tests fail, they are never skipped. Stderr of the build and of every peer goes to a log under
 * {@code target/rust-peer-logs}.
 *
 * <p>Thread-safe (see {@link InteropPeer}); {@link #binary} may be called concurrently.
 */
public final class RustPeer extends InteropPeer {
  /** How long a peer may take to print its address. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** How long the peer lets a command run unless the command sets {@code timeoutMs}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  /** How long {@code cargo build} may take, crate downloads included. */
  public static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);

  static final String INSTALL_HINT =
      "Rust (cargo 1.88 or newer) is required for the rust-libp2p interop tests: install it"
          + " (for example with rustup) and make sure 'cargo' is on the PATH.";

  private static Path binary; // guarded by RustPeer.class

  private RustPeer(JsonLineProcess process) {
    super(process);
  }

  /** Returns the directory holding the Rust peer's {@code Cargo.toml}. */
  public static Path sourceDir() {
    String configured = System.getProperty("kameo.rust.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("src", "test", "rust");
    return dir.toAbsolutePath().normalize();
  }

  /**
   * Starts a Rust peer listening on {@code /ip4/127.0.0.1/tcp/0} and waits for its address line.
   *
   * @param seedHex 64 hex digits for a deterministic Ed25519 identity, or null for a random one
   * @param kadProtocol the kad protocol id to serve (such as {@code /ipfs/kad/1.0.0}), or null for
   *     no DHT
   * @throws IllegalStateException if cargo is missing, the build fails or the peer does not start
   *     within {@link #START_TIMEOUT}
   */
  public static RustPeer start(String seedHex, String kadProtocol) {
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    if (seedHex != null) {
      command.addAll(List.of("--seed", seedHex));
    }
    if (kadProtocol != null) {
      command.addAll(List.of("--dht", kadProtocol));
    }
    return new RustPeer(
        JsonLineProcess.start(
            "rust peer",
            command,
            sourceDir(),
            JsPeer.logFile("rust-peer-logs", "rust-peer"),
            START_TIMEOUT,
            COMMAND_TIMEOUT));
  }

  /**
   * Returns the built Rust peer, building it first unless the cache holds a build of these sources.
   *
   * @throws IllegalStateException if {@code cargo} is missing or the build fails, quoting its
   *     output
   */
  public static synchronized Path binary() {
    if (binary != null) {
      return binary;
    }
    Path source = sourceDir();
    if (!Files.isRegularFile(source.resolve("Cargo.lock"))) {
      throw new IllegalStateException("Cargo.lock of the Rust interop peer not found in " + source);
    }
    String cargo = cargoCommand();
    String version = cargoVersion(cargo);
    Path dir =
        PeerBuild.cacheDir()
            .resolve("rust-peer-" + PeerBuild.hash(version, source, sources(source)));
    Path built = dir.resolve("rust-peer");
    if (!Files.isExecutable(built)) {
      build(cargo, source, dir, built);
    }
    binary = built;
    return built;
  }

  /**
   * Returns the cargo command: the system property {@code kameo.cargo}, else {@code cargo} from the
   * {@code PATH}, else rustup's {@code ~/.cargo/bin/cargo} if it exists there.
   */
  static String cargoCommand() {
    return PeerBuild.command(
        "kameo.cargo", "cargo", Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo"));
  }

  /**
   * Returns what {@code <cargo> --version} prints.
   *
   * @throws IllegalStateException saying to install Rust if {@code cargo} cannot be started
   */
  static String cargoVersion(String cargo) {
    return PeerBuild.toolVersion(cargo, "--version", INSTALL_HINT);
  }

  /** Cargo.toml, Cargo.lock and every file under src, sorted. */
  private static List<Path> sources(Path source) {
    try (Stream<Path> files = Files.walk(source.resolve("src"))) {
      List<Path> all =
          new ArrayList<>(List.of(source.resolve("Cargo.toml"), source.resolve("Cargo.lock")));
      all.addAll(files.filter(Files::isRegularFile).sorted().toList());
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the Rust peer sources in " + source, e);
    }
  }

  /** Builds in the shared target directory and copies the binary in place atomically. */
  private static void build(String cargo, Path source, Path dir, Path built) {
    Path target = PeerBuild.cacheDir().resolve("rust-target");
    PeerBuild.run(
        List.of(cargo, "build", "--release", "--locked"),
        source,
        Map.of("CARGO_TARGET_DIR", target.toString()),
        JsPeer.logFile("rust-peer-logs", "cargo-build"),
        BUILD_TIMEOUT);
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "rust-peer-", ".partial");
      Files.copy(
          target.resolve("release").resolve("rust-peer"),
          partial,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES);
      Files.move(
          partial, built, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(
          "copying the built Rust interop peer into " + dir + " failed: " + e.getMessage(), e);
    }
  }
}
