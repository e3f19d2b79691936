package io.kameo.benchmarks.remote.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The main class of the remote process that {@link RemoteProcess} starts: serves the sinks of one
 * library, prints {@code ready <address>}, then answers the lines on its stdin: {@code cpu} with
 * {@code cpu <nanoseconds>} (this process's CPU time so far), {@code quit} (or the end of stdin,
 * when the local process is gone) by stopping.
 *
 * <p>Arguments: {@code <library> <sinks> <keystore or ->}.
 */
public final class RemoteNode {
  private RemoteNode() {}

  /** Runs the node; see the class comment. */
  public static void main(String[] args) throws IOException {
    Library library = Library.named(args[0]);
    int sinks = Integer.parseInt(args[1]);
    Path keystore = args[2].equals("-") ? null : Path.of(args[2]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Library.Node node = library.serve(sinks, keystore)) {
      System.out.println("ready " + node.address());
      System.out.flush();
      for (String line = in.readLine(); line != null && !line.equals("quit"); ) {
        if (line.equals("cpu")) {
          System.out.println("cpu " + Cpu.processNanos());
          System.out.flush();
        }
        line = in.readLine();
      }
    }
    System.exit(0); // whatever threads a library left behind
  }
}
