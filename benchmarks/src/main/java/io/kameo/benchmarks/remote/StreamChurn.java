package io.kameo.benchmarks.remote;

import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.runtime.Libp2p;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stream churn against a node: hostile peers open and at once reset streams (a SYN, the
 * multistream-select proposal of the ping protocol, an RST) in a loop against a node in its own JVM
 * with a 256 MiB heap. It reports the node's used heap after a full GC before and after, the peak
 * heap during the churn (the sum of the heap pools' peaks, an upper bound), the streams per second
 * sent, and how many streams the node's rate limit refused.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.StreamChurn [streams per peer] [peers]
 * [inbound streams per second]} (defaults 100000, 1 and the host default, 1000; {@code 0} lifts the
 * rate limit, so every stream is accepted and negotiated). {@code docs/benchmarks.md} records the
 * results.
 */
public final class StreamChurn {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private StreamChurn() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      node(Integer.parseInt(args[1]));
      return;
    }
    long streams = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int peers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int rate =
        args.length > 2
            ? Integer.parseInt(args[2])
            : HostConfig.defaults().inboundStreamsPerSecond();
    Process node = startNode(rate);
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      PrintStream in = new PrintStream(node.getOutputStream(), true, StandardCharsets.UTF_8);
      Multiaddr addr = Multiaddr.parse(expect(out, "listening "));
      PeerId nodePeer = addr.peerId().orElseThrow();
      List<Host> attackers = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        Host h = Libp2p.newHost(Keypair.generate());
        h.dial(addr);
        attackers.add(h);
      }
      String before = ask(in, out, "measure");
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      long[] sent = new long[peers];
      for (int i = 0; i < peers; i++) {
        int p = i;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () ->
                        sent[p] =
                            io.kameo.libp2p.internal.host.StreamChurn.openAndReset(
                                attackers.get(p), nodePeer, "/ipfs/ping/1.0.0", streams, WAIT)));
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long total = 0;
      for (long n : sent) {
        total += n;
      }
      // a peer that did not churn: the attackers' own streams may still be over the rate limit
      boolean answers;
      try (Host bystander = Libp2p.newHost(Keypair.generate())) {
        bystander.dial(addr);
        answers = bystander.ping(nodePeer).toNanos() > 0;
      }
      String after = ask(in, out, "measure");
      attackers.forEach(Host::close);
      String end = ask(in, out, "measure");
      System.out.printf(
          Locale.ROOT,
          "%d peers x %d streams, node rate limit %s, %s, %d cpus%n",
          peers,
          streams,
          rate == 0 ? "off" : rate + " streams/s per peer",
          Runtime.version(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "sent %d streams in %.2f s: %.0f streams/s; node still answers a new peer's ping: %b%n",
          total,
          seconds,
          total / seconds,
          answers);
      System.out.println("node before: " + before);
      System.out.println("node after:  " + after);
      System.out.println("node once the peers left: " + end);
      in.println("quit");
    } finally {
      node.destroyForcibly();
    }
  }

  private static Process startNode(int rate) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            StreamChurn.class.getName(),
            "node",
            Integer.toString(rate))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String ask(PrintStream in, BufferedReader out, String command) throws IOException {
    in.println(command);
    return expect(out, command + " ");
  }

  private static String expect(BufferedReader out, String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
    throw new UncheckedIOException(new IOException("the node exited before " + prefix));
  }

  /** The node: a host answering {@code measure} lines until {@code quit}. */
  private static void node(int rate) throws IOException {
    HostConfig config =
        HostConfig.defaults().withInboundStreamsPerSecond(rate == 0 ? Integer.MAX_VALUE : rate);
    try (HostImpl host = (HostImpl) Libp2p.newHost(Keypair.generate(), config)) {
      Multiaddr addr =
          host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(host.peerId());
      System.out.println("listening " + addr);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); ) {
        long peak = peakHeapAndReset();
        System.gc();
        Runtime r = Runtime.getRuntime();
        System.out.printf(
            Locale.ROOT,
            "measure heap after GC %.1f MiB, peak since last %.1f MiB, connections %d,"
                + " streams refused %d, negotiation timers %d%n",
            (r.totalMemory() - r.freeMemory()) / 1048576.0,
            peak / 1048576.0,
            host.connectionCount(),
            host.refusedStreams(),
            host.negotiationTimers());
        line = in.readLine();
      }
    }
  }

  private static long peakHeapAndReset() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
        pool.resetPeakUsage();
      }
    }
    return peak;
  }
}
