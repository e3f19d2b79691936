package io.kameo.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results writer: renders the rows of a run as TSV and markdown, and decides whether the run
 * may be published, i.e. written into {@code docs/benchmarks.md}.
 *
 * <p>Only a full-scale run whose every row passed the load gate ({@link Load.Figures#loaded}) is
 * publishable. A loaded full run is written into the docs only with {@code --allow-loaded}, and
 * then stamped as loaded; a run at any other scale is never written into the docs.
 *
 * @param scale the run's scale
 * @param started when the run started (ISO instant, minutes)
 * @param command the command that produced it
 * @param revision the code measured
 * @param machine the machine, JDK and Pekko line(s) of the report
 * @param jvmFlags the flags of every measuring JVM
 * @param conditions the load before and after and how long it took
 * @param allowLoaded whether {@code --allow-loaded} was given
 */
record Report(
    Scale scale,
    String started,
    String command,
    String revision,
    String machine,
    List<String> jvmFlags,
    String conditions,
    boolean allowLoaded) {

  /** Whether a run may go into the docs, and why (not). */
  enum Publication {
    /** A full run on a machine that stayed quiet: written into the docs when asked. */
    PUBLISHABLE,
    /** A full run with loaded rows, written into the docs because of {@code --allow-loaded}. */
    LOADED_ALLOWED,
    /** A full run with loaded rows: never written into the docs. */
    NOT_PUBLISHABLE_LOADED,
    /** A run below full scale: never written into the docs. */
    NOT_FULL_SCALE;

    /** Whether the docs may be written from a run with this verdict. */
    boolean mayWriteDocs() {
      return this == PUBLISHABLE || this == LOADED_ALLOWED;
    }
  }

  /** The verdict on {@code rows}. */
  Publication publication(List<Row> rows) {
    if (scale != Scale.FULL) {
      return Publication.NOT_FULL_SCALE;
    }
    if (loadedRows(rows).isEmpty()) {
      return Publication.PUBLISHABLE;
    }
    return allowLoaded ? Publication.LOADED_ALLOWED : Publication.NOT_PUBLISHABLE_LOADED;
  }

  /** The names of the rows measured while the machine was loaded (each workload once). */
  static List<String> loadedRows(List<Row> rows) {
    List<String> loaded = new ArrayList<>();
    for (Row row : rows) {
      if (row.load.loaded() && !loaded.contains(row.workload)) {
        loaded.add(row.workload);
      }
    }
    return loaded;
  }

  /** The one-line verdict the report starts with. */
  String verdict(List<Row> rows) {
    List<String> loaded = loadedRows(rows);
    String which =
        loaded.size() > 6
            ? loaded.size() + " workloads"
            : String.join(", ", loaded.stream().map(w -> "`" + w + "`").toList());
    String gate =
        String.format(
            Locale.ROOT,
            "other processes used more than %.0f%% of one core while %s ran",
            100 * Load.OTHERS_LIMIT,
            which);
    return switch (publication(rows)) {
      case PUBLISHABLE ->
          "Publishable: a full run; other processes stayed under the load gate on every row.";
      case LOADED_ALLOWED -> "**LOADED** (written with `--allow-loaded`): " + gate + ".";
      case NOT_PUBLISHABLE_LOADED -> "**NOT PUBLISHABLE**: " + gate + ".";
      case NOT_FULL_SCALE ->
          "**Not for publication**: a `"
              + scale.name()
              + "` run (ratios only from full runs)"
              + (loaded.isEmpty() ? "." : "; besides, " + gate + ".");
    };
  }

  /** The TSV of {@code rows}: medians, min and max, load figures and every run. */
  static String tsv(List<Row> rows) {
    StringBuilder tsv = new StringBuilder("workload\tmetric\tbetter");
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter);
    }
    tsv.append("\tratio\tspread");
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter).append("-min\t").append(adapter).append("-max");
    }
    tsv.append("\tloadavg-before\tloadavg-after\tothers-cpu-share\tloaded");
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter).append("-warmup-drift");
    }
    for (String adapter : Row.ADAPTERS) {
      tsv.append('\t').append(adapter).append("-runs");
    }
    tsv.append('\n');
    for (Row row : rows) {
      tsv.append(row.workload).append('\t').append(row.metric).append('\t');
      tsv.append(!row.compared ? "-" : row.higherIsBetter ? "higher" : "lower");
      for (String adapter : Row.ADAPTERS) {
        tsv.append('\t').append(row.value(adapter));
      }
      tsv.append('\t').append(row.ratio()).append('\t').append(row.spread());
      for (String adapter : Row.ADAPTERS) {
        tsv.append('\t').append(row.min(adapter)).append('\t').append(row.max(adapter));
      }
      tsv.append('\t').append(row.load.loadAverageBefore());
      tsv.append('\t').append(row.load.loadAverageAfter());
      tsv.append('\t').append(row.load.others().othersShare());
      tsv.append('\t').append(row.load.loaded());
      for (String adapter : Row.ADAPTERS) {
        tsv.append('\t').append(row.warmupDrift(adapter));
      }
      for (String adapter : Row.ADAPTERS) {
        tsv.append('\t').append(row.ran(adapter) ? Arrays.toString(row.runs(adapter)) : "");
      }
      tsv.append('\n');
    }
    return tsv.toString();
  }

  /** The markdown report of {@code rows}: the verdict, the conditions and the table. */
  String markdown(List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append(verdict(rows)).append("\n\n");
    md.append("Run of ").append(started).append(", scale `").append(scale.name()).append("`.\n\n");
    md.append("- Command: `").append(command).append("`\n");
    md.append("- Code measured: commit ").append(revision).append('\n');
    md.append(machine);
    md.append("- JVM flags of every measuring JVM: `").append(String.join(" ", jvmFlags));
    md.append("`\n");
    md.append("- Conditions: ").append(conditions).append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "- Runs: %d fresh JVMs per workload and library, started in rounds that alternate the"
                + " libraries; each JVM does %d warm-up runs at 1/%d of the size, then %d measured"
                + " runs (spawn workloads: 1 warm-up, %d measured), the heap collected until it"
                + " settles before each; every actor is asked once before the timed part (not in"
                + " the spawn workloads, which time start-up); a cell is the median (min–max) of"
                + " all measured runs of all JVMs\n",
            scale.jvms(),
            scale.warmups(),
            scale.warmupDivisor(),
            scale.runs(),
            scale.spawnRuns()));
    md.append(
        String.format(
            Locale.ROOT,
            "- Load gate: a row is *loaded* when processes other than the harness and its JVMs"
                + " used more than %.0f%% of one core (from /proc/stat, minus our own CPU time)"
                + " while its JVMs ran\n\n",
            100 * Load.OTHERS_LIMIT));
    md.append("| workload | metric | kameo | pekko-classic | pekko-typed | ratio | better |");
    md.append(" spread | load | target | met |\n");
    md.append("|---|---|---:|---:|---:|---:|---|---:|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ").append(row.workload).append(" | ").append(row.metric);
      for (String adapter : Row.ADAPTERS) {
        md.append(" | ").append(row.cell(adapter));
      }
      md.append(" | ").append(row.compared ? Row.formatRatio(row.ratio()) : "");
      md.append(" | ").append(!row.compared ? "" : row.higherIsBetter ? "higher" : "lower");
      double spread = row.spread();
      md.append(" | ");
      if (!Double.isNaN(spread)) {
        md.append(String.format(Locale.ROOT, "%.0f%%", 100 * spread));
      }
      md.append(" | ").append(loadCell(row.load));
      Optional<Target> target = Target.of(row);
      md.append(" | ").append(target.map(Target::text).orElse(""));
      md.append(" | ");
      target.ifPresent(
          t -> md.append(t.met(row).map(met -> met ? "met" : "**missed**").orElse("n/a")));
      md.append(" |\n");
    }
    md.append(
        "\n*spread*: the widest (max - min) / median of the measured runs among the three"
            + " libraries on that row; a ratio within that noise is not a difference. *load*: the"
            + " share of one core other processes used while the row ran, and the 1-minute load"
            + " average before its first and after its last JVM. How settled the warm-ups were"
            + " (the last two warm-ups' difference, worst JVM) is in the *warmup-drift* columns of"
            + " the TSV. Rows marked `(jmh)` are the same"
            + " workload measured by JMH (single-shot iterations in one fork), the cross-check of"
            + " the whole-run row above them. All runs are in"
            + " `benchmarks/target/benchmark-results/results.tsv`.\n");
    md.append("\n![throughput chart](benchmarks-throughput.svg)\n");
    return md.toString();
  }

  private static String loadCell(Load.Figures load) {
    if (load == Load.Figures.NONE) {
      return "";
    }
    double share = load.others().othersShare();
    String text =
        String.format(
            Locale.ROOT,
            "%s, %.2f→%.2f",
            Double.isNaN(share) ? "unknown" : String.format(Locale.ROOT, "%.0f%%", 100 * share),
            load.loadAverageBefore(),
            load.loadAverageAfter());
    return load.loaded() ? "**" + text + " loaded**" : text;
  }

  /**
   * {@code doc} with its generated section (between the BEGIN and END markers) replaced by {@code
   * markdown}, or the section appended if it has none.
   */
  static String updateDocs(String doc, String markdown) {
    String begin = "<!-- BEGIN GENERATED RESULTS -->";
    String end = "<!-- END GENERATED RESULTS -->";
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    return b >= 0 && e > b
        ? doc.substring(0, b + begin.length()) + "\n" + markdown + doc.substring(e)
        : doc + "\n" + begin + "\n" + markdown + end + "\n";
  }
}
