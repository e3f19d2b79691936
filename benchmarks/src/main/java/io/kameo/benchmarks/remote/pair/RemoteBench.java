package io.kameo.benchmarks.remote.pair;

import io.kameo.benchmarks.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The entry point of {@code benchmarks/run --remote}: Kameo's remote actors side by side with
 * Pekko's Artery (TCP, and TLS over TCP), each workload of {@link Workload#all} in a fresh pair of
 * JVMs per library ({@link Driver} here, {@link RemoteNode} as its remote side), one line per
 * workload and metric with {@code ratio = kameo / best pekko} and {@code vs-tls = kameo /
 * pekko-tls} (both encrypted), and {@code results.md} under {@code --out}.
 *
 * <p>Options: {@code --scale tiny|quick|full} (or {@code --quick}), {@code --only REGEX}, {@code
 * --adapters kameo,pekko-tcp,pekko-tls}, {@code --jvms N} (fresh pairs of JVMs per workload and
 * library, in rounds that alternate the libraries; default 1), {@code --out DIR}, {@code --command
 * TEXT}, {@code --revision TEXT}.
 */
public final class RemoteBench {
  private static final Duration DRIVER_LIMIT = Duration.ofMinutes(30);

  private RemoteBench() {}

  /** Runs the remote workloads; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Workload.Scale scale = Workload.Scale.FULL;
    Pattern only = Pattern.compile("");
    List<Library> libraries = List.of(Library.values());
    int jvms = 1;
    Path out = Path.of("benchmarks", "target", "benchmark-results");
    String command = "benchmarks/run --remote " + String.join(" ", args);
    String revision = "unknown";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> scale = Workload.Scale.QUICK;
        case "--scale" -> scale = Workload.Scale.named(args[++i]);
        case "--only" -> only = Pattern.compile(args[++i]);
        case "--adapters" ->
            libraries = Arrays.stream(args[++i].split(",")).map(Library::named).toList();
        case "--jvms" -> jvms = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--command" -> command = args[++i];
        case "--revision" -> revision = args[++i];
        default -> throw new IllegalArgumentException("unknown option for --remote: " + args[i]);
      }
    }
    String loadBefore = loadAverage();
    Instant started = Instant.now();
    System.out.printf(
        Locale.ROOT,
        "# remote: scale=%s jdk=%s cores=%d heap=%s (each JVM) load %s%n",
        scale,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        scale.heap,
        loadBefore);
    if (scale != Workload.Scale.FULL) {
      System.out.println("# a " + scale + " run: NOT FOR PUBLICATION");
    }
    List<String> adapters = libraries.stream().map(l -> l.id).toList();
    List<String> columns = new ArrayList<>(List.of(Library.KAMEO.id));
    adapters.stream().filter(a -> !a.equals(Library.KAMEO.id)).forEach(columns::add);
    // full scale: one pair of JVMs per workload; smaller: one pair for all the workloads
    List<List<Workload>> batches = new ArrayList<>();
    for (Workload w : Workload.all()) {
      if (only.matcher(w.name()).find()) {
        if (scale == Workload.Scale.FULL || batches.isEmpty()) {
          batches.add(new ArrayList<>());
        }
        batches.get(batches.size() - 1).add(w);
      }
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    boolean failed = false;
    for (List<Workload> batch : batches) {
      for (Workload w : batch) {
        for (Workload.Metric m : w.metrics()) {
          rows.put(
              w.name() + " " + m.name(),
              new Row(w.name(), m.name(), m.higherIsBetter(), true, columns));
        }
      }
      for (int round = 0; round < jvms; round++) {
        for (Library library : libraries) {
          failed |= !runDriver(library, scale, batch, rows);
        }
      }
      for (Workload w : batch) {
        for (Workload.Metric m : w.metrics()) {
          System.out.println(line(rows.get(w.name() + " " + m.name()), adapters));
        }
      }
    }
    String conditions =
        String.format(
            Locale.ROOT,
            "load average (1, 5, 15 min) before %s, after %s; took %s",
            loadBefore,
            loadAverage(),
            Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS));
    System.out.println("# " + conditions);
    Files.createDirectories(out);
    Path results = out.resolve("remote-results.md");
    Files.writeString(
        results, markdown(rows.values(), columns, scale, command, revision, conditions));
    System.out.println("# results written to " + results);
    if (failed) {
      System.out.println("# SOME RUNS FAILED: see the lines marked FAIL and the errors above");
      System.exit(1);
    }
  }

  /** A row's line with the ratio against Artery's TLS beside the ratio to the best Pekko. */
  static String line(Row row, List<String> adapters) {
    String line = row.line();
    if (adapters.contains(Library.PEKKO_TLS.id)) {
      double vsTls = row.value(Library.KAMEO.id) / row.value(Library.PEKKO_TLS.id);
      String ratio = " vs-tls=" + Row.formatRatio(vsTls);
      line = line.replace(" (higher is better)", ratio + " (higher is better)");
      line = line.replace(" (lower is better)", ratio + " (lower is better)");
    }
    return line;
  }

  /** Runs {@code batch} on {@code library} in a fresh driver JVM; returns false if it failed. */
  private static boolean runDriver(
      Library library, Workload.Scale scale, List<Workload> batch, Map<String, Row> rows)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(RemoteProcess.jvm(scale.heap));
    command.add(Driver.class.getName());
    command.add(library.id);
    command.add(scale.name());
    batch.forEach(w -> command.add(w.name()));
    Path errors = Files.createTempFile("kameo-remote-driver", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectError(errors.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    String output;
    int status;
    try {
      process.getOutputStream().close();
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      status =
          process.waitFor(DRIVER_LIMIT.toMinutes(), TimeUnit.MINUTES) ? process.exitValue() : -1;
    } finally {
      process.destroyForcibly();
    }
    int found = 0;
    for (String l : output.split("\n")) {
      String[] f = l.split("\t");
      if (f.length == 4 && f[0].equals("RESULT")) {
        Row row = rows.get(f[1] + " " + f[2]);
        if (row != null) {
          row.add(
              library.id,
              Arrays.stream(f[3].split(",")).mapToDouble(Double::parseDouble).toArray());
          found++;
        }
      }
    }
    int expected = batch.stream().mapToInt(w -> w.metrics().size()).sum();
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (status != 0 || found != expected) {
      for (Workload w : batch) {
        w.metrics().forEach(m -> rows.get(w.name() + " " + m.name()).fail(library.id));
      }
      String[] lines = (stderr + output).split("\n");
      System.out.printf(
          "# FAILED: %s on %s (exit %d)%n#   %s%n",
          batch.stream().map(Workload::name).toList(),
          library.id,
          status,
          String.join(
              "\n#   ", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length)));
      return false;
    }
    return true;
  }

  private static String markdown(
      Iterable<Row> rows,
      List<String> columns,
      Workload.Scale scale,
      String command,
      String revision,
      String conditions) {
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("` (revision ").append(revision).append(")\n");
    md.append("Scale ").append(scale).append(", JDK ").append(Runtime.version());
    md.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores; ");
    md.append(conditions).append("\n\n");
    md.append("| workload | metric |");
    columns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append(" kameo / best pekko | kameo / pekko-tls |\n|---|---|");
    columns.forEach(c -> md.append("---|"));
    md.append("---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(row.line().split(" ")[0]).append(" | ");
      md.append(row.line().split(" ")[1]).append(" |");
      columns.forEach(c -> md.append(' ').append(row.cell(c)).append(" |"));
      md.append(' ').append(Row.formatRatio(row.ratio())).append(" | ");
      md.append(Row.formatRatio(row.value(Library.KAMEO.id) / row.value(Library.PEKKO_TLS.id)));
      md.append(" |\n");
    }
    return md.toString();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
