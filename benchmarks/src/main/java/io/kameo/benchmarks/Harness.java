package io.kameo.benchmarks;

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
 * The entry point of {@code benchmarks/run}: runs every workload on every adapter, each pair in a
 * fresh JVM ({@link Child}), then the JMH allocation benchmarks, prints one line per workload and
 * metric, and writes the results (TSV, markdown, SVG chart), optionally into the docs.
 */
public final class Harness {
  /** The heap and GC flags of every measuring JVM, recorded in the report. */
  static final List<String> JVM_FLAGS = jvmFlags();

  private static final String BEGIN = "<!-- BEGIN GENERATED RESULTS -->";
  private static final String END = "<!-- END GENERATED RESULTS -->";

  private Harness() {}

  /** See {@code benchmarks/run --help}. */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    Map<String, Row> rows = new LinkedHashMap<>();
    boolean failed = false;

    System.out.printf(
        "# scale=%s jdk=%s cores=%d jvm-flags=%s%n",
        options.scale.name(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        String.join(" ", JVM_FLAGS));
    // one JVM per workload and adapter; a quick run shares one JVM per family of workloads
    Map<String, List<Workload>> batches = new LinkedHashMap<>();
    for (Workload workload : Workload.all(options.scale)) {
      if (options.only.matcher(workload.name()).find()) {
        String key = options.scale == Scale.FULL ? workload.name() : workload.family();
        batches.computeIfAbsent(key, k -> new ArrayList<>()).add(workload);
      }
    }
    for (List<Workload> batch : batches.values()) {
      for (String adapter : options.adapters) {
        failed |= !runChild(options, adapter, batch, rows);
      }
      for (Workload workload : batch) {
        for (Workload.Metric metric : workload.metrics()) {
          System.out.println(rows.get(workload.name() + " " + metric.name()).line());
        }
      }
    }
    if (options.jmh) {
      failed |= !runJmh(options, rows);
    }

    String loadAfter = loadAverage();
    Duration took = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    String conditions =
        String.format("load average before %s, after %s; took %s", loadBefore, loadAfter, took);
    System.out.println("# " + conditions);
    writeResults(options, rows.values(), started, conditions);
    if (failed) {
      System.out.println("# SOME RUNS FAILED: see the lines marked FAIL and the errors above");
      System.exit(1);
    }
  }

  /** Runs workloads on one adapter in a fresh JVM; returns false if one failed. */
  private static boolean runChild(
      Options options, String adapter, List<Workload> batch, Map<String, Row> rows)
      throws IOException, InterruptedException {
    int expected = 0;
    for (Workload workload : batch) {
      for (Workload.Metric metric : workload.metrics()) {
        rows.computeIfAbsent(
            workload.name() + " " + metric.name(),
            k -> new Row(workload.name(), metric.name(), metric.higherIsBetter()));
        expected++;
      }
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(JVM_FLAGS);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Child.class.getName());
    command.add(adapter);
    command.add(options.scale.name());
    batch.forEach(w -> command.add(w.name()));
    Path errors = Files.createTempFile("kameo-bench", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectError(errors.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = process.waitFor(30, TimeUnit.MINUTES);
    int status = exited ? process.exitValue() : -1;
    if (!exited) {
      process.destroyForcibly();
    }
    int found = 0;
    for (String line : output.split("\n")) {
      String[] f = line.split("\t");
      if (f.length >= 5 && f[0].equals("RESULT")) {
        Row row = rows.get(f[1] + " " + f[2]);
        row.values.put(adapter, Double.parseDouble(f[4]));
        if (f.length >= 6) {
          row.runs.put(
              adapter, Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        found++;
      }
    }
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (status != 0 || found != expected) {
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
  private static boolean runJmh(Options options, Map<String, Row> rows) {
    boolean quick = options.scale != Scale.FULL;
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include(Pattern.quote(AllocationBenchmarks.class.getName()) + ".*")
            .param("adapter", options.adapters.toArray(String[]::new))
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(quick ? 2 : 1))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .jvmArgs(JVM_FLAGS.toArray(String[]::new))
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
    try {
      System.out.println("# JMH allocation benchmarks (-prof gc) ...");
      results = new Runner(jmh.build()).run();
    } catch (RunnerException e) {
      System.out.println("# FAILED: JMH: " + e);
      return false;
    }
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
      jmhRows
          .computeIfAbsent(workload + " " + metric, k -> new Row(workload, metric, false))
          .values
          .put(adapter, bytes);
    }
    boolean ok = !jmhRows.isEmpty();
    for (Row row : jmhRows.values()) {
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

  private static void writeResults(
      Options options, Collection<Row> rows, Instant started, String conditions)
      throws IOException {
    Files.createDirectories(options.out);
    StringBuilder tsv = new StringBuilder("workload\tmetric\tbetter");
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter);
    }
    tsv.append("\tratio\tspread");
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter).append("-runs");
    }
    tsv.append('\n');
    for (Row row : rows) {
      tsv.append(row.workload).append('\t').append(row.metric).append('\t');
      tsv.append(row.higherIsBetter ? "higher" : "lower");
      for (String adapter : Row.ADAPTERS) {
        tsv.append('\t').append(row.value(adapter));
      }
      tsv.append('\t').append(row.ratio()).append('\t').append(row.spread());
      for (String adapter : Row.ADAPTERS) {
        double[] r = row.runs.get(adapter);
        tsv.append('\t').append(r == null ? "" : Arrays.toString(r));
      }
      tsv.append('\n');
    }
    Files.writeString(options.out.resolve("results.tsv"), tsv);

    String subtitle =
        String.format(
            "%s run, %s, JDK %s, %d cores, %s",
            options.scale.name(),
            started.truncatedTo(ChronoUnit.MINUTES),
            Runtime.version(),
            Runtime.getRuntime().availableProcessors(),
            String.join(" ", JVM_FLAGS));
    String svg = SvgChart.render("Kameo vs Apache Pekko: throughput", subtitle, List.copyOf(rows));
    Files.writeString(options.out.resolve("benchmarks-throughput.svg"), svg);
    String markdown = markdown(options, rows, started, conditions);
    Files.writeString(options.out.resolve("results.md"), markdown);
    System.out.println("# results written to " + options.out);

    if (options.docs != null) {
      Files.writeString(options.docs.resolve("benchmarks-throughput.svg"), svg);
      Path doc = options.docs.resolve("benchmarks.md");
      String text = Files.exists(doc) ? Files.readString(doc) : "";
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      String updated =
          begin >= 0 && end > begin
              ? text.substring(0, begin + BEGIN.length()) + "\n" + markdown + text.substring(end)
              : text + "\n" + BEGIN + "\n" + markdown + END + "\n";
      Files.writeString(doc, updated);
      System.out.println("# " + doc + " and its chart updated");
    }
  }

  private static String markdown(
      Options options, Collection<Row> rows, Instant started, String conditions) {
    StringBuilder md = new StringBuilder();
    md.append("Run of ").append(started.truncatedTo(ChronoUnit.MINUTES)).append(", scale `");
    md.append(options.scale.name()).append("`.\n\n");
    md.append("- Command: `").append(options.command).append("`\n");
    md.append("- Code measured: commit ").append(options.revision);
    md.append("; Pekko ").append(pekkoVersion()).append('\n');
    md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
    cpuModel().ifPresent(m -> md.append(" (").append(m).append(")"));
    memTotal().ifPresent(m -> md.append(", ").append(m).append(" RAM"));
    md.append(", ").append(System.getProperty("os.name")).append(' ');
    md.append(System.getProperty("os.version")).append('\n');
    md.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ');
    md.append(Runtime.version()).append(" (").append(System.getProperty("java.home"));
    md.append(")\n");
    md.append("- JVM flags of every measuring JVM: `").append(String.join(" ", JVM_FLAGS));
    md.append("`; one fresh JVM per workload and library\n");
    md.append("- Conditions: ").append(conditions).append('\n');
    md.append("- Runs: median of ").append(options.scale.runs()).append(" measured runs after ");
    md.append(options.scale.warmups()).append(" warm-up runs (spawn workloads: ");
    md.append(options.scale.spawnRuns()).append(" after 1)\n\n");
    md.append("| workload | metric | kameo | pekko-classic | pekko-typed | ratio | better |");
    md.append(" spread | target | met |\n");
    md.append("|---|---|---:|---:|---:|---:|---|---:|---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(row.workload).append(" | ").append(row.metric);
      for (String adapter : Row.ADAPTERS) {
        md.append(" | ").append(row.format(row.value(adapter)));
      }
      md.append(" | ").append(Row.formatRatio(row.ratio()));
      md.append(" | ").append(row.higherIsBetter ? "higher" : "lower");
      double spread = row.spread();
      md.append(" | ");
      if (!Double.isNaN(spread)) {
        md.append(String.format(Locale.ROOT, "%.0f%%", 100 * spread));
      }
      Optional<Target> target = Target.of(row);
      md.append(" | ").append(target.map(Target::text).orElse(""));
      md.append(" | ");
      target.ifPresent(
          t -> md.append(t.met(row).map(met -> met ? "met" : "**missed**").orElse("n/a")));
      md.append(" |\n");
    }
    md.append(
        "\n*spread*: the widest (max - min) / median of the measured runs among the three"
            + " libraries on that row; a ratio within that noise is not a difference. All runs"
            + " are in `benchmarks/target/benchmark-results/results.tsv`.\n");
    md.append("\n![throughput chart](benchmarks-throughput.svg)\n");
    return md.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Machine facts

  private static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xms2g", "-Xmx6g", "-XX:+UseG1GC"));
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

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | UncheckedIOException e) {
      return "unknown";
    }
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
      String revision) {

    static Options parse(String[] args) {
      Scale scale = Scale.FULL;
      Pattern only = Pattern.compile("");
      List<String> adapters = List.of(Row.ADAPTERS);
      boolean jmh = true;
      Path out = Path.of("benchmarks", "target", "benchmark-results");
      Path docs = null;
      String command = "benchmarks/run " + String.join(" ", args);
      String revision = "unknown";
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
          default -> throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
      for (String adapter : adapters) {
        if (!Arrays.asList(Row.ADAPTERS).contains(adapter)) {
          throw new IllegalArgumentException("unknown adapter: " + adapter);
        }
      }
      return new Options(scale, only, adapters, jmh, out, docs, command, revision);
    }
  }
}
