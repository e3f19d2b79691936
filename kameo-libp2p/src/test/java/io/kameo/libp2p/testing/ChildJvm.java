package io.kameo.libp2p.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's {@code main} class run in a separate JVM process on this machine, for distributed tests
 * that kill, freeze and restart nodes.
 *
 * <p>The child runs on the class path of the test JVM (the module path entries, the main and the
 * test classes), with the same {@code java} executable. Its stdout is read line by line into a
 * queue ({@link #awaitLine}); its stderr goes to a log file under {@code target/child-jvm-logs},
 * whose tail is quoted when a wait fails. Lines are sent to its stdin with {@link #send}.
 *
 * <p>{@link #kill()} is {@code kill -9}; {@link #freeze()} and {@link #thaw()} are {@code SIGSTOP}
 * and {@code SIGCONT}. {@link #close()} kills the process if it still runs, so a failed test never
 * leaves a child behind. Every wait is bounded.
 *
 * <p>Thread-safe for one test thread plus the reader thread it owns.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final Path log;
  private final BufferedWriter stdin;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform()
        .daemon()
        .name("child-jvm-" + name)
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended or was killed; EOF below tells the waiters
              }
              lines.add(EOF);
            });
  }

  /**
   * Starts {@code mainClass} in a new JVM with the given JVM options (e.g. {@code -Xmx256m}) and
   * program arguments.
   *
   * @param name a short name for log files and thread names
   */
  public static ChildJvm start(
      String name, Class<?> mainClass, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Path log = logFile(name);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      return new ChildJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** Starts {@code mainClass} with default JVM options. */
  public static ChildJvm start(String name, Class<?> mainClass, String... args) {
    return start(name, mainClass, List.of(), args);
  }

  /** Returns the child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Returns the underlying process. */
  public Process process() {
    return process;
  }

  /**
   * Waits for the next stdout line that matches {@code match}, skipping other lines.
   *
   * @throws AssertionError if the process ends or {@code timeout} passes first, with the child's
   *     stderr tail
   */
  public String awaitLine(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError(
              name + ": no matching line within " + timeout + "; stderr:\n" + stderrTail());
        }
        if (line.equals(EOF)) {
          lines.add(EOF);
          throw new AssertionError(
              name
                  + ": stdout closed (exit "
                  + exitCodeOrRunning()
                  + "); stderr:\n"
                  + stderrTail());
        }
        if (match.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting for a line", e);
    }
  }

  /** Waits for the next stdout line that starts with {@code prefix} and returns the rest. */
  public String awaitPrefixed(String prefix, Duration timeout) {
    return awaitLine(l -> l.startsWith(prefix), timeout).substring(prefix.length());
  }

  /** Sends one line to the child's stdin. */
  public void send(String line) {
    try {
      stdin.write(line);
      stdin.newLine();
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": stdin closed (exit " + exitCodeOrRunning() + ")", e);
    }
  }

  /** Kills the child at once ({@code kill -9}) and waits for it to be gone. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /**
   * Freezes the child ({@code kill -STOP}) and returns once the kernel reports it stopped: its
   * sockets stay open, it answers nothing.
   */
  public void freeze() {
    signal("STOP");
    awaitStopped(true);
  }

  /**
   * Lets a frozen child run again ({@code kill -CONT}) and returns once it is no longer stopped.
   */
  public void thaw() {
    signal("CONT");
    awaitStopped(false);
  }

  /** Waits until /proc says the child is stopped (state T), or no longer stopped. */
  private void awaitStopped(boolean stopped) {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        String text = Files.readString(stat);
        // the state is the first field after the parenthesised command name
        char state = text.charAt(text.lastIndexOf(')') + 2);
        if ((state == 'T') == stopped) {
          return;
        }
      } catch (IOException e) {
        throw new AssertionError(name + ": cannot read " + stat + " (exited?)", e);
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(name + ": not " + (stopped ? "stopped" : "running") + " after 10 s");
  }

  /** Waits for the child to end and returns its exit code. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + ": still running after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting for exit", e);
    }
  }

  /** Returns the last lines the child wrote to stderr. */
  public String stderrTail() {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no stderr log: " + e.getMessage() + ")";
    }
  }

  /** Kills the child if it still runs (thawing it first, so a frozen child dies too). */
  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
      kill();
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError(name + ": kill -" + signal + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while signalling", e);
    }
  }

  private String exitCodeOrRunning() {
    return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * The test JVM's class path and module path as one class path, plus the directories holding this
   * module's main and test classes (which surefire may patch into the module instead of listing).
   */
  private static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        for (String entry : value.split(File.pathSeparator)) {
          if (!entry.isBlank() && !entry.contains("surefire")) {
            entries.add(entry);
          }
        }
      }
    }
    Path testClasses = codeSource(ChildJvm.class);
    entries.add(testClasses.toString());
    entries.add(testClasses.resolveSibling("classes").toString());
    return String.join(File.pathSeparator, entries);
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path logFile(String name) {
    try {
      Path dir = Path.of("target", "child-jvm-logs");
      Files.createDirectories(dir);
      return Files.createTempFile(dir, name + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
