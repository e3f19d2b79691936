package io.kameo.benchmarks.remote.pair;

import java.util.ArrayList;
import java.util.List;

/**
 * One remote workload: {@code senders} threads of the local process tell (each its own sink) or ask
 * (all sink 0) {@code messages} messages in all, each with a {@code payload}-byte random payload.
 *
 * <p>Tells go in windows: after every {@link #window()} tells a sender asks its sink for its count
 * and checks that it is exactly the number it sent, and it ends with the same check; so the clock
 * stops when every tell has been handled, in order, none lost or repeated. The window keeps Artery
 * within its outbound queue (3,072 messages per connection by default; a full queue drops), and
 * Kameo gets the same one so that both do the same work.
 *
 * @param name the row's name, e.g. {@code remote-r1-tell}
 * @param ask whether the senders ask ({@link Ping}) rather than tell ({@link Tick})
 * @param senders the concurrent senders (or askers)
 * @param messages tells (or asks) per measured run, over all senders, at full scale
 * @param tinyMessages the same for the smoke run
 * @param payload bytes of payload per message
 */
record Workload(
    String name, boolean ask, int senders, long messages, long tinyMessages, int payload) {

  /** At most this many tells in flight per sender. */
  static final int WINDOW = 512;

  /** At most this many tells in flight over all senders. */
  static final int WINDOWS = 2048;

  /** A metric of a workload: its name and whether higher is better. */
  record Metric(String name, boolean higherIsBetter) {}

  /** r1-r5 of the issue; r6 is the CPU rows of each (r1's and r3's in particular). */
  static List<Workload> all() {
    return List.of(
        new Workload("remote-r1-tell", false, 1, 1_000_000, 300, 100),
        new Workload("remote-r2-tell-16x16", false, 16, 1_000_000, 16 * 40, 100),
        new Workload("remote-r3-ask", true, 1, 20_000, 100, 100),
        new Workload("remote-r4-ask-64", true, 64, 32_000, 64 * 4, 100),
        new Workload("remote-r5-tell-16B", false, 1, 1_000_000, 300, 16),
        new Workload("remote-r5-tell-1KiB", false, 1, 250_000, 300, 1024),
        new Workload("remote-r5-tell-64KiB", false, 1, 4_096, 64, 64 * 1024),
        new Workload("remote-r5-ask-16B", true, 1, 20_000, 100, 16),
        new Workload("remote-r5-ask-1KiB", true, 1, 20_000, 100, 1024),
        new Workload("remote-r5-ask-64KiB", true, 1, 2_000, 16, 64 * 1024));
  }

  static Workload named(String name) {
    return all().stream()
        .filter(w -> w.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload: " + name));
  }

  /** Tells a sender sends before it checks its sink's count. */
  int window() {
    return Math.max(1, Math.min(WINDOW, WINDOWS / senders));
  }

  /** How many messages a run of this workload sends at {@code scale}. */
  long messages(Scale scale) {
    return switch (scale) {
      case TINY -> tinyMessages;
      case QUICK -> Math.max(tinyMessages, messages / 10);
      case FULL -> messages;
    };
  }

  /** The sinks the remote node must serve. */
  int sinks() {
    return ask ? 1 : senders;
  }

  /** The workload's metrics, in the order the driver prints them. */
  List<Metric> metrics() {
    List<Metric> metrics = new ArrayList<>();
    String unit = ask ? "ask" : "msg";
    metrics.add(new Metric(unit + "s/s", true));
    if (ask) {
      metrics.add(new Metric("p50-us", false));
      metrics.add(new Metric("p99-us", false));
      if (senders == 1) {
        metrics.add(new Metric("p99.9-us", false));
      }
    }
    metrics.add(new Metric("cpu-us/" + unit + "-local", false));
    metrics.add(new Metric("cpu-us/" + unit + "-remote", false));
    return metrics;
  }

  /** How big the runs are and how many there are. */
  enum Scale {
    /** A few hundred messages, one run: the smoke test of every code path, both processes real. */
    TINY(0, 1, "256m"),
    /** A tenth of the sizes, one warm-up and three runs: NOT FOR PUBLICATION. */
    QUICK(1, 3, "1g"),
    /** The sizes: two warm-ups at a third of the size, then five measured runs. */
    FULL(2, 5, "1g");

    /** Unmeasured runs before the measured ones (at a third of the size). */
    final int warmups;

    /** Measured runs. */
    final int runs;

    /** The fixed heap of both processes. */
    final String heap;

    Scale(int warmups, int runs, String heap) {
      this.warmups = warmups;
      this.runs = runs;
      this.heap = heap;
    }

    static Scale named(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
