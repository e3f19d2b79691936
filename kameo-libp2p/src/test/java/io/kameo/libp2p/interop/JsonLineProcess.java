package io.kameo.libp2p.interop;

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
 * A test peer process driven by JSON lines: it prints one JSON object when it has started, then
 * answers each command line ({@code {"cmd":…,"id":…}}) with one JSON line carrying the same {@code
 * id}. The js DHT peer and the Go peer are run through it. Stderr goes to a log file whose tail is
 * quoted in every error message; every wait is bounded.
 *
 * <p>Thread-safe: commands from several threads run one at a time, in the order they take the lock;
 * each waits for the answer carrying its own {@code id}.
 */
final class JsonLineProcess implements AutoCloseable {
  /** Time allowed on top of a command's own timeout for its answer to arrive. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Path log;
  private final BlockingQueue<Optional<String>> lines;
  private final Map<String, Object> first;
  private final Duration defaultTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private long nextId = 1; // guarded by lock

  private JsonLineProcess(
      String name,
      Process process,
      Path log,
      BlockingQueue<Optional<String>> lines,
      Map<String, Object> first,
      Duration defaultTimeout) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.lines = lines;
    this.first = first;
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * Starts {@code command} in {@code dir} and waits for its first line, which must be a JSON object
   * without an {@code error} field.
   *
   * @param name what the process is, for error messages ("js DHT peer", "go peer")
   * @param defaultTimeout how long the process lets a command run unless it sets {@code timeoutMs}
   * @throws IllegalStateException if it cannot start, exits, or prints nothing within {@code
   *     startTimeout}
   */
  static JsonLineProcess start(
      String name,
      List<String> command,
      Path dir,
      Path log,
      Duration startTimeout,
      Duration defaultTimeout) {
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command + ": " + e.getMessage(), e);
    }
    BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().name(name + "-stdout").start(() -> readLines(process, lines));
    try {
      Map<String, Object> first =
          JsPeer.asObject(nextLine(name, process, lines, startTimeout, log, "its address"));
      if (first.containsKey("error")) {
        throw new IllegalStateException(
            name + " failed to start: " + first.get("error") + "\n" + JsPeer.tail(log));
      }
      return new JsonLineProcess(name, process, log, lines, first, defaultTimeout);
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
      String name,
      Process process,
      BlockingQueue<Optional<String>> lines,
      Duration timeout,
      Path log,
      String what) {
    try {
      Optional<String> line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IllegalStateException(
            name + " printed no " + what + " within " + timeout + ":\n" + JsPeer.tail(log));
      }
      if (line.isEmpty()) {
        lines.add(line); // keep the end marker for later commands
        throw new IllegalStateException(
            name
                + " exited ("
                + exitDescription(process)
                + ") before printing "
                + what
                + ":\n"
                + JsPeer.tail(log));
      }
      return line.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the " + name, e);
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

  /** Returns the JSON object the process printed when it started. */
  Map<String, Object> first() {
    return first;
  }

  /**
   * Returns the {@code peerId} of the first line, checking that it also lists {@code addrs}.
   *
   * @throws IllegalStateException (and stops the process) if either is missing
   */
  String peerId() {
    if (!(first.get("peerId") instanceof String id) || addrs().isEmpty()) {
      close();
      throw new IllegalStateException(name + " printed no peer id or address: " + first);
    }
    return id;
  }

  /** Returns the {@code addrs} of the first line, each ending in {@code /p2p/<peer id>}. */
  List<String> addrs() {
    List<String> addrs = new ArrayList<>();
    if (first.get("addrs") instanceof List<?> list) {
      for (Object addr : list) {
        addrs.add(String.valueOf(addr));
      }
    }
    return addrs;
  }

  /**
   * Sends one command and returns its answer, which holds an {@code error} field if the command
   * failed in the peer. The command must have a {@code cmd} field; an {@code id} field is added.
   * The answer is awaited for the command's {@code timeoutMs} (default: the process's own) plus a
   * margin.
   *
   * @throws IllegalStateException if no answer arrives in time or the process has exited, quoting
   *     the tail of its stderr
   */
  Map<String, Object> command(Map<String, ?> command) {
    Objects.requireNonNull(command, "command");
    if (!(command.get("cmd") instanceof String)) {
      throw new IllegalArgumentException("a command needs a string \"cmd\": " + command);
    }
    Duration timeout =
        (command.get("timeoutMs") instanceof Number ms
                ? Duration.ofMillis(ms.longValue())
                : defaultTimeout)
            .plus(ANSWER_MARGIN);
    lock.lock();
    try {
      long id = nextId++;
      Map<String, Object> withId = new LinkedHashMap<>(command);
      withId.put("id", id);
      send(JsPeer.toJson(withId));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        String what = "answer to " + JsPeer.toJson(withId);
        Map<String, Object> answer =
            JsPeer.asObject(nextLine(name, process, lines, left, log, what));
        // an answer without a matching id belongs to an earlier command whose wait gave up
        if (answer.get("id") instanceof Number answerId && answerId.longValue() == id) {
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
   * @throws IllegalStateException naming the command, the peer's error and the tail of stderr
   */
  Map<String, Object> commandOk(Map<String, ?> command) {
    Map<String, Object> answer = command(command);
    if (answer.containsKey("error")) {
      throw new IllegalStateException(
          name
              + " command "
              + JsPeer.toJson(command)
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
          "could not send a command to the "
              + name
              + " ("
              + exitDescription(process)
              + "):\n"
              + JsPeer.tail(log),
          e);
    }
  }

  /** Returns the file that receives the process's stderr. */
  Path log() {
    return log;
  }

  /** Returns whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** Closes the process's standard input, and kills it if it has not exited within 10 s. */
  @Override
  public void close() {
    JsPeer.stop(process);
  }
}
