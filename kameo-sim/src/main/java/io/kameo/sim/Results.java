package io.kameo.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A results table of a scenario run, printed as Markdown: a title line naming the command and the
 * seed, then a header and rows. Everything in it comes from simulated time and counts, so one seed
 * prints the same bytes every time; wall time and heap go in {@link #machine}, kept apart.
 */
final class Results {
  private final String title;
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String[]> machine = new ArrayList<>();

  /** Creates a table of metric and value rows. */
  Results(String title) {
    this(title, "metric", "value");
  }

  /** Creates a table with the columns {@code header}. */
  Results(String title, String... header) {
    this.title = title;
    this.header = header.clone();
  }

  /** Adds a row of the deterministic table. */
  Results row(String... cells) {
    rows.add(cells.clone());
    return this;
  }

  /** Returns the last row added (for progress reports). */
  String[] lastRow() {
    return rows.get(rows.size() - 1).clone();
  }

  /** Adds a row about the machine (wall time, heap): not part of the deterministic table. */
  Results machine(String metric, String value) {
    machine.add(new String[] {metric, value});
    return this;
  }

  /** Returns the deterministic table. */
  String table() {
    StringBuilder out = new StringBuilder(title).append("\n\n");
    line(out, header);
    line(out, java.util.Collections.nCopies(header.length, "---").toArray(String[]::new));
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  /** Returns the machine rows, as a table (empty if there are none). */
  String machineTable() {
    if (machine.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n");
    line(out, new String[] {"machine (not deterministic)", "value"});
    line(out, new String[] {"---", "---"});
    machine.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells) {
    out.append('|');
    for (String c : cells) {
      out.append(' ').append(c).append(" |");
    }
    out.append('\n');
  }

  /** Formats a percentage of {@code part} in {@code whole} with three decimals. */
  static String percent(long part, long whole) {
    return whole == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.3f %% (%d of %d)", 100.0 * part / whole, part, whole);
  }

  /** Formats {@code value} with {@code decimals} decimals. */
  static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** Formats a distribution as median / p90 / max. */
  static String spread(Distribution d) {
    return d.percentile(0.5) + " / " + d.percentile(0.9) + " / " + d.max();
  }
}
