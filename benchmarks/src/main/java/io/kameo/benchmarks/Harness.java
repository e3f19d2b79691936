package io.kameo.benchmarks;

import io.kameo.benchmarks.remote.pair.RemoteBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The entry point of {@code benchmarks/run}: runs every workload on every adapter in pools of fresh
 * JVMs ({@link Child}), then the JMH benchmarks (allocation, and the cross-check of the
 * single-sender rows), prints one line per workload and metric, and writes the results (TSV,
 * markdown, SVG chart), into the docs only from a publishable run ({@link Report#publication}).
 *
 * <p>The JVMs of one workload run in rounds, one JVM per library per round (kameo, classic, typed,
 * kameo, classic, typed, ...), so a slow drift of the machine hits every library alike. Around each
 * JVM the harness samples the machine's load ({@link Load}) and charges it to the JVM's rows.
 */
public final class Harness {
  private Harness() {}

  /** See {@code benchmarks/run --help}. */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--remote")) {
      RemoteBench.main(
          Arrays.stream(args).filter(a -> !a.equals("--remote")).toArray(String[]::new));
      return;
    }
    Options options = Options.parse(args);
    Instant started = Instant.now();
    Load.Sample first = Load.sample();
    Map<String, Row> rows = new LinkedHashMap<>();
    boolean failed = false;
    List<String> flags = jvmFlags(options.scale);

    System.out.printf(
        "# scale=%s jdk=%s cores=%d jvms=%d jvm-flags=%s%n",
        options.scale.name(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        options.scale.jvms(),
        String.join(" ", flags));
    if (options.scale != Scale.FULL) {
      System.out.println("# a " + options.scale.name() + " run: NOT FOR PUBLICATION");
    }
    // one JVM per workload and adapter and round; below full scale one per family of workloads
    Map<String, List<Workload>> batches = new LinkedHashMap<>();
    for (Workload workload : Workload.all(options.scale)) {
      if (options.only.matcher(workload.name()).find()) {
        String key = options.scale == Scale.FULL ? workload.name() : workload.family();
        batches.computeIfAbsent(key, k -> new ArrayList<>()).add(workload);
      }
    }
    for (List<Workload> batch : batches.values()) {
      for (int round = 0; round < options.scale.jvms(); round++) {
        for (String adapter : options.adapters) {
          failed |= !runChild(options, flags, adapter, batch, rows);
        }
      }
      for (Workload workload : batch) {
        for (Workload.Metric metric : workload.metrics()) {
          System.out.println(rows.get(workload.name() + " " + metric.name()).line());
        }
      }
    }
    if (options.jmh) {
      failed |= !CrossCheck.run(options, flags, rows);
      failed |= !runAllocation(options, flags, rows);
    }

    Load.Sample last = Load.sample();
    Duration took = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    String conditions =
        String.format(
            Locale.ROOT,
            "load average before %.2f, after %.2f; other processes %s of one core over the run;"
                + " took %s",
            first.loadAverage(),
            last.loadAverage(),
            percent(Load.between(first, last).othersShare()),
            took);
    System.out.println("# " + conditions);
    Report report =
        new Report(
            options.scale,
            started.truncatedTo(ChronoUnit.MINUTES).toString(),
            options.command,
            options.revision,
            machine(),
            flags,
            conditions,
            options.allowLoaded);
    boolean refused = !writeResults(options, report, CrossCheck.beside(rows.values()));
    if (failed) {
      System.out.println("# SOME RUNS FAILED: see the lines marked FAIL and the errors above");
      System.exit(1);
    }
    if (refused) {
      System.exit(3);
    }
  }

  /** Runs workloads on one adapter in a fresh JVM; returns false if one failed. */
  private static boolean runChild(
      Options options,
      List<String> flags,
      String adapter,
      List<Workload> batch,
      Map<String, Row> rows)
      throws IOException, InterruptedException {
    List<Row> batchRows = new ArrayList<>();
    for (Workload workload : batch) {
      for (Workload.Metric metric : workload.metrics()) {
        batchRows.add(
            rows.computeIfAbsent(
                workload.name() + " " + metric.name(),
                k ->
                    new Row(
                        workload.name(),
                        metric.name(),
                        metric.higherIsBetter(),
                        metric.compared())));
      }
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(flags);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Child.class.getName());
    command.add(adapter);
    command.add(options.scale.name());
    batch.forEach(w -> command.add(w.name()));
    Path errors = Files.createTempFile("kameo-bench", ".err");
    Load.Sample before = Load.sample();
    Process process =
        new ProcessBuilder(command)
            .redirectError(errors.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = process.waitFor(30, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
      process.waitFor();
    }
    int status = exited ? process.exitValue() : -1;
    Load.Sample after = Load.sample(); // the child has been waited for: its CPU time is ours
    for (Row row : batchRows) {
      row.load = row.load.plus(before, after);
    }
    int found = 0;
    for (String line : output.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 3 && f[0].equals("WARMUP")) {
        Workload workload = Workload.named(f[1], options.scale);
        rows.get(f[1] + " " + workload.metrics().get(0).name())
            .addWarmups(
                adapter, Arrays.stream(f[2].split(",")).mapToDouble(Double::parseDouble).toArray());
      }
      if (f.length >= 6 && f[0].equals("RESULT")) {
        rows.get(f[1] + " " + f[2])
            .add(
                adapter, Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray());
        found++;
      }
    }
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (status != 0 || found != batchRows.size()) {
      batchRows.forEach(row -> row.fail(adapter));
      System.out.printf(
          "# FAILED: %s on %s (exit %d)%n%s%n",
          batch.stream().map(Workload::name).toList(),
          adapter,
          status,
          indent(tail(stderr + output, 40)));
      return false;
    }
    return true;
  }

  /** Runs the JMH allocation benchmarks (workload g) and adds their rows; false if one failed. */
  private static boolean runAllocation(Options options, List<String> flags, Map<String, Row> rows) {
    boolean quick = options.scale != Scale.FULL;
    List<String> include = new ArrayList<>();
    if (options.only.matcher("alloc-tell-unbounded").find()
        || options.only.matcher("alloc-tell-default").find()) {
      include.add(Pattern.quote(AllocationBenchmarks.Tell.class.getCanonicalName()) + "\\.");
    }
    if (options.only.matcher("alloc-ask").find()) {
      include.add(Pattern.quote(AllocationBenchmarks.Ask.class.getCanonicalName()) + "\\.");
    }
    if (include.isEmpty()) {
      return true;
    }
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include("(" + String.join("|", include) + ")")
            .param("adapter", options.adapters.toArray(String[]::new))
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(quick ? 2 : 1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .jvmArgs(flags.toArray(String[]::new))
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
    if (quick) {
      jmh.param("mailbox", "unbounded");
    }
    if (options.scale == Scale.TINY) {
      jmh.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
    }
    Collection<RunResult> results;
    Load.Sample before = Load.sample();
    try {
      System.out.println("# JMH allocation benchmarks (-prof gc) ...");
      results = new Runner(jmh.build()).run();
    } catch (RunnerException e) {
      System.out.println("# FAILED: JMH: " + e);
      return false;
    }
    Load.Sample after = Load.sample();
    Map<String, Row> jmhRows = new LinkedHashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String adapter = result.getParams().getParam("adapter");
      String workload =
          method.equals("tell")
              ? "alloc-tell-" + result.getParams().getParam("mailbox")
              : "alloc-ask";
      String metric = method.equals("tell") ? "bytes/msg" : "bytes/ask";
      double bytes = Double.NaN;
      for (String key : result.getSecondaryResults().keySet()) {
        if (key.endsWith("gc.alloc.rate.norm")) {
          bytes = result.getSecondaryResults().get(key).getScore();
        }
      }
      Row row =
          jmhRows.computeIfAbsent(workload + " " + metric, k -> new Row(workload, metric, false));
      if (Double.isNaN(bytes)) {
        row.fail(adapter);
      } else {
        row.add(adapter, bytes);
      }
    }
    boolean ok = !jmhRows.isEmpty();
    for (Row row : jmhRows.values()) {
      row.load = Load.Figures.NONE.plus(before, after);
      System.out.println(row.line());
      rows.put(row.workload + " " + row.metric, row);
      for (String adapter : options.adapters) {
        ok &= !Double.isNaN(row.value(adapter));
      }
    }
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Reports

  /**
   * Writes the results under {@code --out}, and into the docs if asked and the run is publishable;
   * returns false if the docs were asked for and refused.
   */
  private static boolean writeResults(Options options, Report report, List<Row> rows)
      throws IOException {
    Files.createDirectories(options.out);
    Files.writeString(options.out.resolve("results.tsv"), Report.tsv(rows));
    Report.Publication publication = report.publication(rows);
    String subtitle =
        String.format(
            "%s run, %s, JDK %s, %d cores, %s%s",
            options.scale.name(),
            report.started(),
            Runtime.version(),
            Runtime.getRuntime().availableProcessors(),
            String.join(" ", report.jvmFlags()),
            switch (publication) {
              case PUBLISHABLE -> "";
              case LOADED_ALLOWED -> " - LOADED";
              case NOT_PUBLISHABLE_LOADED -> " - NOT PUBLISHABLE (loaded)";
              case NOT_FULL_SCALE -> " - not for publication";
            });
    String svg = SvgChart.render("Kameo vs Apache Pekko: throughput", subtitle, rows);
    Files.writeString(options.out.resolve("benchmarks-throughput.svg"), svg);
    String markdown = report.markdown(rows);
    Files.writeString(options.out.resolve("results.md"), markdown);
    System.out.println("# " + report.verdict(rows));
    System.out.println("# results written to " + options.out);

    if (options.docs == null) {
      return true;
    }
    if (!publication.mayWriteDocs()) {
      System.out.println(
          "# REFUSED to write "
              + options.docs.resolve("benchmarks.md")
              + (publication == Report.Publication.NOT_FULL_SCALE
                  ? ": only a full-scale run is published"
                  : ": the machine was loaded (see the load column of results.md;"
                      + " --allow-loaded writes it stamped as loaded)"));
      return false;
    }
    Files.writeString(options.docs.resolve("benchmarks-throughput.svg"), svg);
    Path doc = options.docs.resolve("benchmarks.md");
    String text = Files.exists(doc) ? Files.readString(doc) : "";
    Files.writeString(doc, Report.updateDocs(text, markdown));
    System.out.println("# " + doc + " and its chart updated");
    return true;
  }

  /** The machine, JDK and Pekko lines of the report. */
  private static String machine() {
    StringBuilder md = new StringBuilder();
    md.append("- Pekko ").append(pekkoVersion()).append('\n');
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
    cpuModel().ifPresent(m -> md.append(" (").append(m).append(")"));
    memTotal().ifPresent(m -> md.append(", ").append(m).append(" RAM"));
    md.append(", ").append(System.getProperty("os.name")).append(' ');
    md.append(System.getProperty("os.version")).append('\n');
    md.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ');
    md.append(Runtime.version()).append(" (").append(System.getProperty("java.home"));
    md.append(")\n");
    return md.toString();
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "unknown" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  // ---------------------------------------------------------------------------------------------
  // Machine facts

  /**
   * The flags of every measuring JVM: a fixed heap ({@code -Xms} = {@code -Xmx}, so no run pays for
   * resizing it) and G1. Not {@code -XX:+AlwaysPreTouch}: touching a 4 GiB heap at start took 15 s
   * (7.6 s of it kernel time) per JVM on the 2-core VM these runs are made on, which would add most
   * of an hour to a full run; the warm-up runs touch the pages the measured runs use.
   */
  static List<String> jvmFlags(Scale scale) {
    List<String> flags =
        new ArrayList<>(List.of("-Xms" + scale.heap(), "-Xmx" + scale.heap(), "-XX:+UseG1GC"));
    if (Runtime.version().feature() >= 24) {
      // Pekko, Scala and JMH use sun.misc.Unsafe; JDK 24+ would warn about it on every start
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return List.copyOf(flags);
  }

  private static String pekkoVersion() {
    try {
      return org.apache.pekko.Version.current();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Optional<String> cpuModel() {
    return procField("/proc/cpuinfo", "model name");
  }

  private static Optional<String> memTotal() {
    return procField("/proc/meminfo", "MemTotal")
        .map(
            v ->
                String.format(
                    Locale.ROOT, "%.0f GiB", Long.parseLong(v.split(" ")[0]) / 1048576.0));
  }

  private static Optional<String> procField(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  private static String indent(String text) {
    return "#   " + text.replace("\n", "\n#   ");
  }

  /** The command line. */
  record Options(
      Scale scale,
      Pattern only,
      List<String> adapters,
      boolean jmh,
      Path out,
      Path docs,
      String command,
      String revision,
      boolean allowLoaded) {

    static Options parse(String[] args) {
      Scale scale = Scale.FULL;
      Pattern only = Pattern.compile("");
      List<String> adapters = List.of(Row.ADAPTERS);
      boolean jmh = true;
      Path out = Path.of("benchmarks", "target", "benchmark-results");
      Path docs = null;
      String command = "benchmarks/run " + String.join(" ", args);
      String revision = "unknown";
      boolean allowLoaded = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> scale = Scale.QUICK;
          case "--scale" -> scale = Scale.named(args[++i]);
          case "--only" -> only = Pattern.compile(args[++i]);
          case "--adapters" -> adapters = List.of(args[++i].split(","));
          case "--no-jmh" -> jmh = false;
          case "--out" -> out = Path.of(args[++i]);
          case "--docs" -> docs = Path.of(args[++i]);
          case "--command" -> command = args[++i];
          case "--revision" -> revision = args[++i];
          case "--allow-loaded" -> allowLoaded = true;
          default -> throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
      for (String adapter : adapters) {
        if (!Arrays.asList(Row.ADAPTERS).contains(adapter)) {
          throw new IllegalArgumentException("unknown adapter: " + adapter);
        }
      }
      return new Options(scale, only, adapters, jmh, out, docs, command, revision, allowLoaded);
    }
  }
}
