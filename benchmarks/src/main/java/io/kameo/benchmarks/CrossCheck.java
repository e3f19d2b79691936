package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link CrossCheckBenchmarks} for Kameo and Pekko classic and adds their rows, named after
 * the whole-run row they check with a {@code (jmh)} suffix, e.g. {@code tell-1to1-unbounded (jmh)};
 * each shot is one measured run of the row.
 */
final class CrossCheck {
  /** The suffix of a cross-check row's workload. */
  static final String SUFFIX = " (jmh)";

  private static final List<String> ADAPTERS =
      List.of(ActorLibrary.KAMEO, ActorLibrary.PEKKO_CLASSIC);

  private CrossCheck() {}

  /** Runs the cross-check of the rows {@code --only} selects; false if it failed. */
  static boolean run(Harness.Options options, List<String> flags, Map<String, Row> rows) {
    List<String> adapters = options.adapters().stream().filter(ADAPTERS::contains).toList();
    Scale scale = options.scale();
    List<String> include = new ArrayList<>();
    List<String> mailboxes = new ArrayList<>();
    for (String mailbox : List.of("unbounded", "bounded64")) {
      if (options.only().matcher("tell-1to1-" + mailbox).find()) {
        mailboxes.add(mailbox);
      }
    }
    if (!mailboxes.isEmpty()) {
      include.add(Pattern.quote(CrossCheckBenchmarks.Tell.class.getCanonicalName()) + "\\.");
    }
    if (options.only().matcher("ping-pong-1-pair").find()) {
      include.add(
          Pattern.quote(CrossCheckBenchmarks.PingPongPair.class.getCanonicalName()) + "\\.");
    }
    if (adapters.isEmpty() || include.isEmpty()) {
      return true;
    }
    int warmups = scale == Scale.FULL ? 3 : scale == Scale.QUICK ? 2 : 0;
    int measured = scale == Scale.FULL ? 5 : scale == Scale.QUICK ? 3 : 1;
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include("(" + String.join("|", include) + ")")
            .param("adapter", adapters.toArray(String[]::new))
            .param(
                "mailbox",
                mailboxes.isEmpty() ? new String[] {"unbounded"} : mailboxes.toArray(String[]::new))
            .param("messages", Long.toString(scale.tellMessages()))
            .param("roundTrips", Long.toString(scale.pingPongOnePair()))
            .forks(1)
            .warmupIterations(warmups)
            .measurementIterations(measured)
            .jvmArgs(flags.toArray(String[]::new))
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
    Collection<RunResult> results;
    Load.Sample before = Load.sample();
    try {
      System.out.println("# JMH cross-check of the single-sender rows ...");
      results = new Runner(jmh.build()).run();
    } catch (RunnerException e) {
      System.out.println("# FAILED: JMH cross-check: " + e);
      return false;
    }
    Load.Sample after = Load.sample();
    List<Row> added = new ArrayList<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String adapter = result.getParams().getParam("adapter");
      boolean tell = benchmark.endsWith(".tell");
      String workload =
          (tell ? "tell-1to1-" + result.getParams().getParam("mailbox") : "ping-pong-1-pair")
              + SUFFIX;
      long messages = tell ? scale.tellMessages() : 2 * scale.pingPongOnePair();
      Row row =
          rows.computeIfAbsent(
              workload + " " + Workload.MSGS_PER_S.name(),
              k -> new Row(workload, Workload.MSGS_PER_S.name(), true));
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        for (IterationResult shot : fork.getIterationResults()) {
          // SingleShotTime in milliseconds: one shot's time for all its messages
          row.add(adapter, messages * 1e3 / shot.getPrimaryResult().getScore());
        }
      }
      if (!added.contains(row)) {
        added.add(row);
      }
    }
    boolean ok = !added.isEmpty();
    for (Row row : added) {
      row.load = Load.Figures.NONE.plus(before, after);
      System.out.println(row.line());
      for (String adapter : adapters) {
        ok &= !Double.isNaN(row.value(adapter));
      }
    }
    return ok;
  }

  /** {@code rows} in report order, each cross-check row right after the row it checks. */
  static List<Row> beside(Collection<Row> rows) {
    List<Row> ordered = new ArrayList<>();
    List<Row> checks = rows.stream().filter(r -> r.workload.endsWith(SUFFIX)).toList();
    for (Row row : rows) {
      if (row.workload.endsWith(SUFFIX)) {
        continue;
      }
      ordered.add(row);
      for (Row check : checks) {
        if (check.workload.equals(row.workload + SUFFIX) && check.metric.equals(row.metric)) {
          ordered.add(check);
        }
      }
    }
    checks.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
    return ordered;
  }
}
