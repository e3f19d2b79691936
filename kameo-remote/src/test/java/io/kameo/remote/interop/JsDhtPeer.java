package io.kameo.remote.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A js-libp2p Kademlia DHT peer run as a subprocess of a test, through {@code
 * src/test/js/js-dht-peer.mjs}, and driven by JSON commands: {@code connect}, {@code put}, {@code
 * get}, {@code getLocal}, {@code provide}, {@code findProviders}, {@code findPeer}, {@code
 * closestPeers}, {@code routingTable} and {@code stop}. The script's header documents each command
 * and its answer.
 *
 * <p>The peer listens on {@code /ip4/127.0.0.1/tcp/0} with kad-dht {@code /ipfs/kad/1.0.0} in
 * server mode, keeps loopback addresses (passthrough peer-info mapper) and accepts any value under
 * the {@code /kameo/} and {@code /app/} namespaces. Installation, process start and stderr logs are
 * those of {@link JsPeer}: if {@code node} or {@code npm} is missing, {@link #start} throws {@link
 * IllegalStateException}, so tests fail rather than skip.
 *
 * <p>Thread-safe: commands from several threads run one at a time, in the order they take the lock;
 * each waits for the answer carrying its own {@code id}.
 */
public final class JsDhtPeer implements AutoCloseable {
  /** How long the script lets a command run unless the command sets {@code timeoutMs}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  /** Time allowed on top of the command's own timeout for the answer to arrive. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(15);

  private final Process process;
  private final Path log;
  private final BlockingQueue<Optional<String>> lines;
  private final ReentrantLock lock = new ReentrantLock();
  private final String peerId;
  private final List<String> addrs;
  private long nextId = 1; // guarded by lock

  private JsDhtPeer(
      Process process,
      Path log,
      BlockingQueue<Optional<String>> lines,
      String peerId,
      List<String> addrs) {
    this.process = process;
    this.log = log;
    this.lines = lines;
    this.peerId = peerId;
    this.addrs = List.copyOf(addrs);
  }

  /**
   * Starts a DHT peer and waits for its address line.
   *
   * @param seedHex 64 hex digits for a deterministic Ed25519 identity, or null for a random one
   * @throws IllegalStateException if node or npm is missing, or the peer does not start within
   *     {@link JsPeer#START_TIMEOUT}
   */
  public static JsDhtPeer start(String seedHex) {
    JsPeer.ensureInstalled();
    List<String> command = new ArrayList<>(List.of("node", "js-dht-peer.mjs"));
    if (seedHex != null) {
      command.add("--seed");
      command.add(seedHex);
    }
    Path log = JsPeer.logFile("dht");
    Process process = JsPeer.start(command, log);
    BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().name("js-dht-peer-stdout").start(() -> readLines(process, lines));
    try {
      Map<String, Object> first =
          JsPeer.asObject(nextLine(process, lines, JsPeer.START_TIMEOUT, log, "its address"));
      if (first.containsKey("error")) {
        throw new IllegalStateException(
            "js DHT peer failed to start: " + first.get("error") + "\n" + JsPeer.tail(log));
      }
      List<String> addrs = new ArrayList<>();
      if (first.get("addrs") instanceof List<?> list) {
        for (Object addr : list) {
          addrs.add((String) addr);
        }
      }
      if (!(first.get("peerId") instanceof String id) || addrs.isEmpty()) {
        throw new IllegalStateException("js DHT peer printed no peer id or address: " + first);
      }
      return new JsDhtPeer(process, log, lines, id, addrs);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static void readLines(Process process, BlockingQueue<Optional<String>> lines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(Optional.of(line));
      }
    } catch (IOException e) {
      // the process is gone; the end marker below tells the waiting command
    } finally {
      lines.add(Optional.empty());
    }
  }

  private static String nextLine(
      Process process,
      BlockingQueue<Optional<String>> lines,
      Duration timeout,
      Path log,
      String what) {
    try {
      Optional<String> line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IllegalStateException(
            "js DHT peer printed no " + what + " within " + timeout + ":\n" + JsPeer.tail(log));
      }
      if (line.isEmpty()) {
        lines.add(line); // keep the end marker for later commands
        throw new IllegalStateException(
            "js DHT peer exited ("
                + exitDescription(process)
                + ") before printing "
                + what
                + ":\n"
                + JsPeer.tail(log));
      }
      return line.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the js DHT peer", e);
    }
  }

  private static String exitDescription(Process process) {
    try {
      return process.waitFor(2, TimeUnit.SECONDS)
          ? "exit code " + process.exitValue()
          : "still running, stdout closed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown exit code";
    }
  }

  /**
   * Sends one command and returns its answer, which holds an {@code error} field if the command
   * failed in js (bad field, unreachable peer, timeout...). The command must have a {@code cmd}
   * field; an {@code id} field is added. The answer is awaited for the command's {@code timeoutMs}
   * (default {@link #COMMAND_TIMEOUT}) plus a margin.
   *
   * @throws IllegalStateException if no answer arrives in time or the process has exited, quoting
   *     the tail of its stderr
   */
  public Map<String, Object> command(Map<String, ?> command) {
    Objects.requireNonNull(command, "command");
    if (!(command.get("cmd") instanceof String)) {
      throw new IllegalArgumentException("a command needs a string \"cmd\": " + command);
    }
    Duration timeout =
        (command.get("timeoutMs") instanceof Number ms
                ? Duration.ofMillis(ms.longValue())
                : COMMAND_TIMEOUT)
            .plus(ANSWER_MARGIN);
    lock.lock();
    try {
      long id = nextId++;
      Map<String, Object> withId = new LinkedHashMap<>(command);
      withId.put("id", id);
      send(Json.write(withId));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        String what = "answer to " + Json.write(withId);
        Map<String, Object> answer = JsPeer.asObject(nextLine(process, lines, left, log, what));
        // an answer without a matching id belongs to an earlier command whose wait gave up
        if (answer.get("id") instanceof Double answerId && answerId.longValue() == id) {
          return answer;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like {@link #command}, but fails unless the answer has no {@code error} field.
   *
   * @throws IllegalStateException naming the command, the js error and the tail of stderr
   */
  public Map<String, Object> commandOk(Map<String, ?> command) {
    Map<String, Object> answer = command(command);
    if (answer.containsKey("error")) {
      throw new IllegalStateException(
          "js DHT command "
              + Json.write(command)
              + " failed: "
              + answer.get("error")
              + "\n"
              + JsPeer.tail(log));
    }
    return answer;
  }

  private void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not send a command to the js DHT peer ("
              + exitDescription(process)
              + "):\n"
              + JsPeer.tail(log),
          e);
    }
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

  /** Returns the file that receives the peer's stderr. */
  public Path log() {
    return log;
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
    JsPeer.stop(process);
  }

  @Override
  public String toString() {
    return "JsDhtPeer(" + peerId + " at " + addrs + ", log " + log + ")";
  }
}
