package io.kameo.benchmarks.remote;

import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.runtime.Libp2p;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Whole-run throughput of one Yamux stream over Noise over TCP on loopback, next to a plain TCP
 * socket copy and to {@link AeadSocketFloor} (the bare cipher over a socket) measured in the same
 * run: MB/s for 64 KiB writes, from the first write until the receiver has counted every byte and
 * said so, with the process CPU time per byte beside each.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.RemoteThroughput [MiB per run] [runs]
 * [warm-ups]} (defaults 256, 5 and 3). It prints one line per run and a summary with the medians
 * and ratios; {@code docs/remote-throughput.md} records the results.
 */
public final class RemoteThroughput {
  static final int WRITE = 64 * 1024;
  static final String SINK = "/kameo/bench/sink/1.0.0";

  private RemoteThroughput() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long bytes = (long) mib * 1024 * 1024;
    byte[] chunk = new byte[WRITE];
    new Random(1).nextBytes(chunk);
    System.out.printf(
        Locale.ROOT,
        "%d MiB per run, %d runs after %d warm-ups, %d-byte writes, %s, %d cpus%n",
        mib,
        runs,
        warmups,
        WRITE,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    List<Double> plain = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    List<Double> kameo = new ArrayList<>();
    try (Host server = Libp2p.newHost(Keypair.generate());
        Host client = Libp2p.newHost(Keypair.generate())) {
      server.setStreamHandler(SINK, RemoteThroughput::sink);
      Multiaddr addr =
          server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(server.peerId());
      client.dial(addr);
      for (int run = 1 - warmups; run <= runs; run++) {
        Measured p = measure(bytes, () -> plainSocket(bytes, chunk));
        Measured f = measure(bytes, () -> AeadSocketFloor.run(bytes, chunk));
        Measured k = measure(bytes, () -> kameoStream(client, server, bytes, chunk));
        if (run > 0) {
          plain.add(p.mbPerSecond());
          floor.add(f.mbPerSecond());
          kameo.add(k.mbPerSecond());
        }
        System.out.printf(
            Locale.ROOT,
            "%s %d: plain socket %s, aead floor %s, kameo %s (%.0f%% of plain)%n",
            run > 0 ? "run" : "warm-up",
            run > 0 ? run : run + warmups,
            p,
            f,
            k,
            100 * k.mbPerSecond() / p.mbPerSecond());
      }
    }
    double p = median(plain);
    double f = median(floor);
    double k = median(kameo);
    System.out.printf(
        Locale.ROOT,
        "median: plain socket %.0f MB/s, aead floor %.0f MB/s (%.0f%% of plain), kameo %.0f MB/s"
            + " (%.0f%% of plain, %.0f%% of the floor)%n",
        p,
        f,
        100 * f / p,
        k,
        100 * k / p,
        100 * k / f);
  }

  /** Throughput and process CPU time per byte of one measured transfer. */
  private record Measured(double mbPerSecond, double cpuNanosPerByte) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f MB/s (%.2f cpu-ns/B)", mbPerSecond, cpuNanosPerByte);
    }
  }

  private interface Transfer {
    double run() throws Exception;
  }

  private static Measured measure(long bytes, Transfer transfer) throws Exception {
    long cpu = processCpuNanos();
    double mbPerSecond = transfer.run();
    return new Measured(mbPerSecond, (processCpuNanos() - cpu) / (double) bytes);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Reads a stream until end of input and answers with the byte count. */
  private static void sink(Stream s) {
    byte[] buf = new byte[256 * 1024];
    long total = 0;
    for (int n; (n = s.read(buf, 0, buf.length, Duration.ofMinutes(1))) >= 0; ) {
      total += n;
    }
    s.write(ByteBuffer.allocate(8).putLong(total).array(), Duration.ofMinutes(1));
  }

  private static double kameoStream(Host client, Host server, long bytes, byte[] chunk) {
    long start = System.nanoTime();
    try (Stream s = client.newStream(server.peerId(), SINK)) {
      for (long sent = 0; sent < bytes; sent += chunk.length) {
        s.write(chunk, Duration.ofMinutes(1));
      }
      s.closeWrite();
      byte[] reply = s.readAll(8, Duration.ofMinutes(1));
      long received = ByteBuffer.wrap(reply).getLong();
      if (received != bytes) {
        throw new IllegalStateException("sink counted " + received + " of " + bytes + " bytes");
      }
    }
    return mbPerSecond(bytes, System.nanoTime() - start);
  }

  private static double plainSocket(long bytes, byte[] chunk) throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Socket in = listener.accept()) {
                      InputStream input = in.getInputStream();
                      byte[] buf = new byte[256 * 1024];
                      long total = 0;
                      for (int n; (n = input.read(buf)) >= 0; ) {
                        total += n;
                      }
                      in.getOutputStream().write(ByteBuffer.allocate(8).putLong(total).array());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
      long start = System.nanoTime();
      try (Socket out = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        out.setTcpNoDelay(true);
        OutputStream output = out.getOutputStream();
        for (long sent = 0; sent < bytes; sent += chunk.length) {
          output.write(chunk);
        }
        out.shutdownOutput();
        byte[] reply = out.getInputStream().readNBytes(8);
        if (ByteBuffer.wrap(reply).getLong() != bytes) {
          throw new IllegalStateException("plain reader counted the wrong number of bytes");
        }
      }
      double result = mbPerSecond(bytes, System.nanoTime() - start);
      reader.join();
      return result;
    }
  }

  private static double mbPerSecond(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
