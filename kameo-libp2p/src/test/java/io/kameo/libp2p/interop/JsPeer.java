package io.kameo.libp2p.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A js-libp2p peer run as a subprocess of a test, through {@code src/test/js/js-peer.mjs}: a
 * listening node ({@link #listen}) that answers ping, identify and {@code /echo/1.0.0}, and
 * one-shot dials ({@link #dial}) that print one JSON result line.
 *
 * <p>The first use installs the pinned npm packages with {@code npm ci} if {@code node_modules} is
 * missing. Every wait is bounded. If {@code node} or {@code npm} is not installed, the methods
 * throw {@link IllegalStateException} saying so: interop tests fail, they are never skipped.
 *
 * <p>The script directory is {@code src/test/js} under the working directory (the module directory
 * under Maven), or the value of the system property {@code kameo.js.dir}. Stderr of every process
 * goes to a log file under {@code target/js-peer-logs}, whose tail is quoted in error messages.
 *
 * <p>Thread-safe: each instance owns one process; the static methods may be called concurrently.
 * The install and process plumbing is shared with {@link JsDhtPeer}.
 */
public final class JsPeer implements AutoCloseable {
  /** How long a listening peer may take to print its address. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How long a dial command may run (the script itself gives up after 20 s per step). */
  public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(90);

  /** How long {@code npm ci} may take. */
  public static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static boolean installed;

  /** Reads and writes the JSON lines of the js and go test peers. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  private final Process process;
  private final Path log;
  private final Map<String, Object> json;
  private final String peerId;
  private final List<String> addrs;

  private JsPeer(
      Process process, Path log, Map<String, Object> json, String peerId, List<String> addrs) {
    this.process = process;
    this.log = log;
    this.json = json;
    this.peerId = peerId;
    this.addrs = List.copyOf(addrs);
  }

  /** The result of one command: its exit code, its JSON line and where its stderr went. */
  public record Result(int exitCode, Map<String, Object> json, Path log) {
    /** Returns whether the command succeeded (exit code 0 and no {@code error} field). */
    public boolean ok() {
      return exitCode == 0 && !json.containsKey("error");
    }

    /** Returns a string field of the JSON line, or null. */
    public String string(String key) {
      return (String) json.get(key);
    }
  }

  /** Returns the directory holding {@code js-peer.mjs} and {@code package-lock.json}. */
  public static Path scriptDir() {
    String configured = System.getProperty("kameo.js.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("src", "test", "js");
    return dir.toAbsolutePath().normalize();
  }

  /**
   * Checks that Node.js is installed and installs the pinned packages with {@code npm ci} unless
   * {@code node_modules} is already there.
   *
   * @throws IllegalStateException if node or npm is missing or the install fails
   */
  public static synchronized void ensureInstalled() {
    if (installed) {
      return;
    }
    Path dir = scriptDir();
    if (!Files.isRegularFile(dir.resolve("js-peer.mjs"))) {
      throw new IllegalStateException("js-peer.mjs not found in " + dir);
    }
    String version = nodeVersion();
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("libp2p"))) {
      Path log = logFile("npm-ci");
      Process npm;
      try {
        npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "npm is required to install the js-libp2p interop peer (node "
                + version
                + " found) but could not be started: "
                + e.getMessage(),
            e);
      }
      int exit = waitFor(npm, INSTALL_TIMEOUT, "npm ci in " + dir, log);
      if (exit != 0) {
        throw new IllegalStateException(
            "npm ci in " + dir + " exited with " + exit + ":\n" + tail(log));
      }
    }
    installed = true;
  }

  private static String nodeVersion() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
        node.destroyForcibly();
        throw new IllegalStateException("'node --version' failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js (20 or newer) is required for the js-libp2p interop tests but 'node' could not"
              + " be started: "
              + e.getMessage()
              + ". Install Node.js 20 and make sure 'node' and 'npm' are on the PATH.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the node version", e);
    }
  }

  /**
   * Starts a listening js peer on {@code /ip4/127.0.0.1/tcp/0} and waits for its address line.
   *
   * @param seedHex 64 hex digits for a deterministic Ed25519 identity, or null for a random one
   * @throws IllegalStateException if the peer does not start within {@link #START_TIMEOUT}
   */
  public static JsPeer listen(String seedHex) {
    List<String> command = new ArrayList<>(List.of("node", "js-peer.mjs", "listen"));
    if (seedHex != null) {
      command.add("--seed");
      command.add(seedHex);
    }
    JsPeer peer = startProcess(command, "listen");
    if (peer.addrs.isEmpty() || peer.peerId == null) {
      peer.close();
      throw new IllegalStateException("js peer printed no peer id or address: " + peer.json);
    }
    return peer;
  }

  /**
   * Starts {@code yamux-peer.mjs}: bare js yamux (no Noise, no multistream-select) listening on
   * 127.0.0.1 and echoing every stream, for wire tests of the Java yamux engine. Its port is {@link
   * #port()}; it has no peer id.
   */
  public static JsPeer yamuxEchoServer() {
    return startProcess(List.of("node", "yamux-peer.mjs", "listen"), "yamux-listen");
  }

  private static JsPeer startProcess(List<String> command, String logName) {
    ensureInstalled();
    Path log = logFile(logName);
    Process process = start(command, log);
    try {
      String line = firstLine(process, START_TIMEOUT, log);
      Map<String, Object> json = asObject(line);
      if (json.containsKey("error")) {
        throw new IllegalStateException("js peer failed to start: " + json.get("error"));
      }
      List<String> addrs = new ArrayList<>();
      if (json.get("addrs") instanceof List<?> list) {
        for (Object addr : list) {
          addrs.add((String) addr);
        }
      }
      return new JsPeer(process, log, json, (String) json.get("peerId"), addrs);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Returns the JSON line the process printed when it started. */
  public Map<String, Object> json() {
    return json;
  }

  /**
   * Returns the TCP port a {@link #yamuxEchoServer()} listens on.
   *
   * @throws IllegalStateException if the process printed no port
   */
  public int port() {
    if (!(json.get("port") instanceof Integer port)) {
      throw new IllegalStateException("js process printed no port: " + json);
    }
    return port;
  }

  /** Returns the peer id of the listening peer. */
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

  /**
   * Stops the peer by closing its standard input, and kills it if it has not exited within 10 s.
   */
  @Override
  public void close() {
    stop(process);
  }

  @Override
  public String toString() {
    return "JsPeer(" + peerId + " at " + addrs + ", log " + log + ")";
  }

  /**
   * Runs {@code js-peer.mjs dial <multiaddr> <action> [payload]} and returns its result, failed or
   * not.
   *
   * @param action {@code ping}, {@code identify} or {@code echo}
   * @param payload the text to echo, or null
   * @throws IllegalStateException if the command does not finish within {@link #DIAL_TIMEOUT} or
   *     prints no JSON line
   */
  public static Result tryDial(String multiaddr, String action, String payload) {
    Objects.requireNonNull(multiaddr, "multiaddr");
    Objects.requireNonNull(action, "action");
    List<String> command =
        new ArrayList<>(List.of("node", "js-peer.mjs", "dial", multiaddr, action));
    if (payload != null) {
      command.add(payload);
    }
    return run(command, "dial-" + action);
  }

  /**
   * Like {@link #tryDial}, but fails unless the command succeeded.
   *
   * @throws IllegalStateException if the dial failed, naming the js error
   */
  public static Result dial(String multiaddr, String action, String payload) {
    Result result = tryDial(multiaddr, action, payload);
    if (!result.ok()) {
      throw new IllegalStateException(
          "js dial "
              + action
              + " "
              + multiaddr
              + " failed with exit code "
              + result.exitCode()
              + ": "
              + result.json().get("error")
              + "\n"
              + tail(result.log()));
    }
    return result;
  }

  /** Returns the peer id a js node derives from the 32-byte Ed25519 seed {@code seedHex}. */
  public static String peerIdForSeed(String seedHex) {
    Result result = run(List.of("node", "js-peer.mjs", "peerid", "--seed", seedHex), "peerid");
    if (!result.ok()) {
      throw new IllegalStateException("js peerid failed: " + result.json().get("error"));
    }
    return result.string("peerId");
  }

  // ------------------------------------------------------------------ process plumbing

  /** Closes the standard input of {@code process} and kills it if it has not exited within 10 s. */
  static void stop(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // the process is gone already
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Result run(List<String> command, String name) {
    ensureInstalled();
    Path log = logFile(name);
    Process process = start(command, log);
    String line;
    try {
      line = firstLine(process, DIAL_TIMEOUT, log);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    int exit = waitFor(process, STOP_TIMEOUT, String.join(" ", command), log);
    return new Result(exit, asObject(line), log);
  }

  /** Starts {@code command} in {@link #scriptDir()}, its stderr going to {@code log}. */
  static Process start(List<String> command, Path log) {
    try {
      return new ProcessBuilder(command)
          .directory(scriptDir().toFile())
          .redirectError(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command + ": " + e.getMessage(), e);
    }
  }

  /** Reads the first stdout line within {@code timeout}. */
  private static String firstLine(Process process, Duration timeout, Path log) {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            runnable -> Thread.ofVirtual().start(runnable));
    try {
      String text = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new IllegalStateException(
            "js peer exited without printing a result line:\n" + tail(log));
      }
      return text;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "js peer printed nothing within " + timeout + ":\n" + tail(log), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the js peer's output failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the js peer", e);
    }
  }

  private static int waitFor(Process process, Duration timeout, String what, Path log) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            what + " did not finish within " + timeout + ":\n" + tail(log));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  /**
   * Parses one line that must hold a JSON object: objects become maps, arrays lists, numbers
   * Integer, Long or Double (Jackson's untyped binding).
   *
   * @throws IllegalStateException if the line is not a JSON object, quoting it
   */
  static Map<String, Object> asObject(String line) {
    try {
      Map<String, Object> value = JSON.readValue(line, JSON_OBJECT);
      if (value == null) {
        throw new IllegalStateException("js peer printed no JSON object: " + line);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "js peer printed no JSON object: " + line + " (" + e.getOriginalMessage() + ")", e);
    }
  }

  /** Writes {@code value} (maps, lists, strings, numbers, booleans, null) as one line of JSON. */
  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
    }
  }

  /** Creates a new log file named after {@code name} under {@code target/js-peer-logs}. */
  static Path logFile(String name) {
    return logFile("js-peer-logs", name);
  }

  /** Creates a new log file named after {@code name} under {@code target/<folder>}. */
  static Path logFile(String folder, String name) {
    try {
      Path dir = Path.of("target", folder).toAbsolutePath();
      Files.createDirectories(dir);
      return Files.createTempFile(dir, name + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a log file under target/" + folder, e);
    }
  }

  /** Returns the last 30 lines of {@code log}, for error messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }
}
