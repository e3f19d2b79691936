package io.kameo.benchmarks.remote.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The remote side in its own JVM ({@link RemoteNode}): the same JDK and class path as this one, a
 * fixed heap, G1. {@link #close} stops it and, if it does not stop within seconds, kills it; a node
 * whose parent died sees the end of its stdin and stops too.
 */
final class RemoteProcess implements AutoCloseable {
  private static final String END = "\u0000end";

  /** How long the node may take to start (two JVMs start at once on a possibly busy machine). */
  private static final Duration START = Duration.ofMinutes(3);

  private final Process process;
  private final Path errors;
  private final PrintStream in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final String address;

  private RemoteProcess(Process process, Path errors) throws IOException {
    this.process = process;
    this.errors = errors;
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform()
        .daemon()
        .name("remote-node-stdout")
        .start(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone: END below
              }
              lines.add(END);
            });
    this.address = expect("ready ", START);
  }

  /** Starts a node serving {@code sinks} sinks of {@code library} and waits until it is ready. */
  static RemoteProcess start(Library library, int sinks, Path keystore, String heap)
      throws IOException {
    List<String> command = new ArrayList<>(jvm(heap));
    command.add(RemoteNode.class.getName());
    command.add(library.id);
    command.add(Integer.toString(sinks));
    command.add(keystore == null ? "-" : keystore.toString());
    Path errors = Files.createTempFile("kameo-remote-node", ".err");
    Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    try {
      return new RemoteProcess(process, errors);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      Files.deleteIfExists(errors);
      throw e;
    }
  }

  /** The command line of a JVM like this one up to the main class. */
  static List<String> jvm(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow"); // Pekko and Scala use it
    }
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }

  /** Where the node's sinks are found. */
  String address() {
    return address;
  }

  /** The node process's CPU time so far. */
  long cpuNanos() throws IOException {
    in.println("cpu");
    return Long.parseLong(expect("cpu ", Library.TIMEOUT));
  }

  /** The node's process id. */
  long pid() {
    return process.pid();
  }

  /** Waits for the node's next line that starts with {@code prefix}; returns the rest of it. */
  private String expect(String prefix, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (true) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(END)) {
          throw new IOException(
              (line == null ? "no \"" + prefix + "\" within " + limit : "exited")
                  + ": the remote node said\n"
                  + tail(Files.readString(errors), 30));
        }
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the remote node", e);
    }
  }

  private static String tail(String text, int n) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - n), all.length));
  }

  @Override
  public void close() throws IOException {
    try {
      in.println("quit");
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
