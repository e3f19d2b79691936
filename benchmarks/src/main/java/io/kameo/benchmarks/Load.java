package io.kameo.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy the machine is with work that is not the benchmark's: the load gate of {@link Harness}.
 *
 * <p>A {@link Sample} reads the machine's CPU counters ({@code /proc/stat}: busy and total time
 * over all cores) and the CPU time of this process tree ({@code /proc/self/stat}: this JVM's own
 * time plus that of its children that have exited and been waited for, i.e. the measuring JVMs and
 * JMH's forks). Between two samples taken with no child running, the busy time minus our tree's
 * time is what <em>other</em> processes used; {@link #between} expresses it as a share of one core.
 *
 * <p>The gate: a row is <em>loaded</em> when other processes used more than {@link #OTHERS_LIMIT}
 * of one core over the row's JVMs. One busy loop beside a benchmark is 100 % of a core and flips
 * single-sender rows into another mode; an idle machine's background (kernel threads, the shell,
 * the build tool waiting) stays in the low single digits; 10 % lies well between the two and is
 * large against the counters' resolution (1/100 s ticks over runs of seconds).
 */
final class Load {
  /** Above this share of one core used by other processes, a row is loaded. */
  static final double OTHERS_LIMIT = 0.10;

  private static final Path STAT = Path.of("/proc/stat");
  private static final Path SELF = Path.of("/proc/self/stat");
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  private Load() {}

  /**
   * The counters at one moment, in clock ticks; all {@code -1} where {@code /proc} is unreadable.
   *
   * @param busy non-idle time of all cores (user, nice, system, irq, softirq, steal)
   * @param total all time of all cores (busy plus idle and iowait)
   * @param cores the cores {@code /proc/stat} lists
   * @param ours this process's user and system time plus that of its waited-for children
   * @param loadAverage the 1-minute load average, or NaN
   */
  record Sample(long busy, long total, int cores, long ours, double loadAverage) {
    /** Whether the counters could be read. */
    boolean known() {
      return total > 0 && ours >= 0;
    }
  }

  /** Samples the counters now. */
  static Sample sample() {
    double loadAverage = Double.NaN;
    try {
      loadAverage = Double.parseDouble(Files.readString(LOADAVG).trim().split(" ")[0]);
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      // unknown
    }
    try {
      long busy = 0;
      long total = 0;
      int cores = 0;
      for (String line : Files.readAllLines(STAT)) {
        String[] f = line.trim().split("\\s+");
        if (f[0].equals("cpu")) {
          // user nice system idle iowait irq softirq steal (guest time is included in user)
          for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i != 4 && i != 5) {
              busy += v;
            }
          }
        } else if (f[0].matches("cpu\\d+")) {
          cores++;
        }
      }
      String self = Files.readString(SELF);
      // fields after the command name (which may contain spaces) start at field 3 (state)
      String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split(" ");
      long ours = 0;
      for (int field = 14; field <= 17; field++) { // utime stime cutime cstime
        ours += Long.parseLong(f[field - 3]);
      }
      return new Sample(busy, total, cores, ours, loadAverage);
    } catch (IOException | RuntimeException e) {
      return new Sample(-1, -1, 0, -1, loadAverage);
    }
  }

  /**
   * What others used between two samples.
   *
   * @param othersTicks busy ticks of processes outside our tree
   * @param totalTicks all ticks of all cores
   * @param cores the cores
   */
  record Interval(long othersTicks, long totalTicks, int cores) {
    /** No interval: nothing known. */
    static final Interval NONE = new Interval(0, 0, 0);

    /** Others' CPU as a share of one core (0.25 = a quarter of one core); NaN if unknown. */
    double othersShare() {
      return totalTicks <= 0 ? Double.NaN : Math.max(0, (double) othersTicks * cores / totalTicks);
    }

    /** This interval followed by {@code next}. */
    Interval plus(Interval next) {
      if (totalTicks <= 0) {
        return next;
      }
      if (next.totalTicks <= 0) {
        return this;
      }
      return new Interval(
          othersTicks + next.othersTicks,
          totalTicks + next.totalTicks,
          Math.max(cores, next.cores));
    }
  }

  /** Others' use between {@code before} and {@code after}; {@link Interval#NONE} if unknown. */
  static Interval between(Sample before, Sample after) {
    if (!before.known() || !after.known() || after.total <= before.total) {
      return Interval.NONE;
    }
    long others = (after.busy - before.busy) - (after.ours - before.ours);
    return new Interval(Math.max(0, others), after.total - before.total, after.cores);
  }

  /**
   * The load figures of one report row, over every JVM that measured it.
   *
   * @param loadAverageBefore the 1-minute load average before the row's first JVM started
   * @param loadAverageAfter the 1-minute load average after its last JVM exited
   * @param others what other processes used while the row's JVMs ran
   */
  record Figures(double loadAverageBefore, double loadAverageAfter, Interval others) {
    /** Nothing measured yet. */
    static final Figures NONE = new Figures(Double.NaN, Double.NaN, Interval.NONE);

    /** These figures extended by one more JVM that ran from {@code before} to {@code after}. */
    Figures plus(Sample before, Sample after) {
      return new Figures(
          Double.isNaN(loadAverageBefore) ? before.loadAverage() : loadAverageBefore,
          after.loadAverage(),
          others.plus(between(before, after)));
    }

    /** Whether other processes used more than {@link #OTHERS_LIMIT}, or their use is unknown. */
    boolean loaded() {
      double share = others.othersShare();
      return Double.isNaN(share) || share > OTHERS_LIMIT;
    }

    /** E.g. {@code others 3% of a core, load 0.12 -> 1.05}. */
    String text() {
      double share = others.othersShare();
      return String.format(
          Locale.ROOT,
          "others %s of a core, load %.2f -> %.2f",
          Double.isNaN(share) ? "unknown" : String.format(Locale.ROOT, "%.0f%%", 100 * share),
          loadAverageBefore,
          loadAverageAfter);
    }
  }
}
