package io.kameo.benchmarks.remote;

import io.kameo.remote.Host;
import io.kameo.remote.Keypair;
import io.kameo.remote.Multiaddr;
import io.kameo.remote.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * socket copy measured in the same run: MB/s for 64 KiB writes, from the first write until the
 * receiver has counted every byte and said so.
 *
 * <p>Run: {@code java -cp … io.kameo.benchmarks.remote.RemoteThroughput [MiB per run] [runs]}
 * (defaults 256 and 5). It prints one line per run and a summary with the median of each side and
 * their ratio; {@code docs/remote-throughput.md} records the results.
 */
public final class RemoteThroughput {
  static final int WRITE = 64 * 1024;
  static final String SINK = "/kameo/bench/sink/1.0.0";

  private RemoteThroughput() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long bytes = (long) mib * 1024 * 1024;
    byte[] chunk = new byte[WRITE];
    new Random(1).nextBytes(chunk);
    System.out.printf(
        Locale.ROOT,
        "%d MiB per run, %d runs (+1 warm-up each), %d-byte writes, %s, %d cpus%n",
        mib,
        runs,
        WRITE,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    List<Double> plain = new ArrayList<>();
    List<Double> kameo = new ArrayList<>();
    try (Host server = Host.create(Keypair.generate());
        Host client = Host.create(Keypair.generate())) {
      server.setStreamHandler(SINK, RemoteThroughput::sink);
      Multiaddr addr =
          server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(server.peerId());
      client.dial(addr);
      for (int run = 0; run <= runs; run++) {
        double p = plainSocket(bytes, chunk);
        double k = kameoStream(client, server, bytes, chunk);
        if (run > 0) {
          plain.add(p);
          kameo.add(k);
        }
        System.out.printf(
            Locale.ROOT,
            "%s %d: plain socket %.0f MB/s, kameo yamux/noise/tcp %.0f MB/s (%.0f%%)%n",
            run == 0 ? "warm-up" : "run",
            run,
            p,
            k,
            100 * k / p);
      }
    }
    double p = median(plain);
    double k = median(kameo);
    System.out.printf(
        Locale.ROOT,
        "median: plain socket %.0f MB/s, kameo %.0f MB/s, ratio %.0f%%%n",
        p,
        k,
        100 * k / p);
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
