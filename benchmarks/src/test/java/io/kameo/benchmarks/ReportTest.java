package io.kameo.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The results writer: the load gate's verdict, the cells it renders, the rows targets judge. */
class ReportTest {
  private static final Load.Sample IDLE_BEFORE = new Load.Sample(1_000, 10_000, 2, 500, 0.10);

  /** 10 s on 2 cores (2000 ticks); 1100 busy ticks of which ours 1050: others 50, 5 % of a core. */
  private static final Load.Sample IDLE_AFTER = new Load.Sample(2_100, 12_000, 2, 1_550, 0.90);

  /** As above but others used 300 ticks: 30 % of one core. */
  private static final Load.Sample BUSY_AFTER = new Load.Sample(2_350, 12_000, 2, 1_550, 2.10);

  private static Report report(Scale scale, boolean allowLoaded) {
    return new Report(
        scale,
        "2026-12-02T01:00Z",
        "benchmarks/run",
        "abc1234",
        "- Machine: test\n",
        List.of("-Xms4g", "-Xmx4g"),
        "test",
        allowLoaded);
  }

  private static Row row(String workload, String metric, boolean higher, Load.Sample after) {
    Row row = new Row(workload, metric, higher);
    row.load = Load.Figures.NONE.plus(IDLE_BEFORE, after);
    return row;
  }

  @Test
  void others_cpu_is_the_busy_time_minus_our_process_trees_as_a_share_of_one_core() {
    assertEquals(0.05, Load.between(IDLE_BEFORE, IDLE_AFTER).othersShare(), 1e-9);
    assertEquals(0.30, Load.between(IDLE_BEFORE, BUSY_AFTER).othersShare(), 1e-9);
    Load.Figures figures = Load.Figures.NONE.plus(IDLE_BEFORE, IDLE_AFTER);
    assertFalse(figures.loaded());
    assertEquals(0.10, figures.loadAverageBefore());
    assertEquals(0.90, figures.loadAverageAfter());
    // a second JVM of the same row, loaded: the row's figure is over both (350 of 4000 ticks)
    Load.Sample later = new Load.Sample(3_100, 14_000, 2, 2_550, 1.0);
    Load.Sample laterBusy = new Load.Sample(4_400, 16_000, 2, 3_550, 2.0);
    Load.Figures both = figures.plus(later, laterBusy);
    assertEquals(0.175, both.others().othersShare(), 1e-9);
    assertTrue(both.loaded());
    assertEquals(0.10, both.loadAverageBefore());
    assertEquals(2.0, both.loadAverageAfter());
  }

  @Test
  void unknown_load_counts_as_loaded() {
    Load.Sample unknown = new Load.Sample(-1, -1, 0, -1, Double.NaN);
    assertTrue(Load.Figures.NONE.plus(unknown, unknown).loaded());
  }

  @Test
  void a_loaded_full_run_is_refused_for_the_docs_and_marked_not_publishable() {
    List<Row> rows =
        List.of(
            row("tell-1to1-unbounded", "msgs/s", true, IDLE_AFTER),
            row("ask-sequential", "asks/s", true, BUSY_AFTER));
    Report report = report(Scale.FULL, false);
    assertEquals(Report.Publication.NOT_PUBLISHABLE_LOADED, report.publication(rows));
    assertFalse(report.publication(rows).mayWriteDocs());
    String md = report.markdown(rows);
    assertTrue(md.startsWith("**NOT PUBLISHABLE**"), md);
    assertTrue(md.contains("`ask-sequential`"), md);
    assertFalse(md.substring(0, md.indexOf('\n')).contains("tell-1to1"), md);
    assertTrue(md.contains("**30%, 0.10→2.10 loaded**"), md);
    assertTrue(Report.tsv(rows).contains("\t0.3\ttrue\t"), Report.tsv(rows));
  }

  @Test
  void allow_loaded_writes_the_docs_stamped_as_loaded() {
    List<Row> rows = List.of(row("ask-sequential", "asks/s", true, BUSY_AFTER));
    Report report = report(Scale.FULL, true);
    assertEquals(Report.Publication.LOADED_ALLOWED, report.publication(rows));
    assertTrue(report.publication(rows).mayWriteDocs());
    assertTrue(report.markdown(rows).startsWith("**LOADED** (written with `--allow-loaded`)"));
  }

  @Test
  void a_quiet_full_run_is_publishable_and_a_quick_one_never_is() {
    List<Row> rows = List.of(row("tell-1to1-unbounded", "msgs/s", true, IDLE_AFTER));
    assertEquals(Report.Publication.PUBLISHABLE, report(Scale.FULL, false).publication(rows));
    Report quick = report(Scale.QUICK, true);
    assertEquals(Report.Publication.NOT_FULL_SCALE, quick.publication(rows));
    assertFalse(quick.publication(rows).mayWriteDocs());
    assertTrue(quick.markdown(rows).startsWith("**Not for publication**: a `quick` run"));
  }

  @Test
  void a_cell_shows_the_median_of_all_jvms_runs_with_min_and_max() {
    Row row = row("tell-1to1-unbounded", "msgs/s", true, IDLE_AFTER);
    row.add(ActorLibrary.KAMEO, 30e6, 10e6); // first JVM
    row.add(ActorLibrary.KAMEO, 20e6, 25e6); // second JVM
    row.add(ActorLibrary.PEKKO_CLASSIC, 10e6);
    assertEquals(22.5e6, row.value(ActorLibrary.KAMEO));
    assertEquals("22.50M (10.00M–30.00M)", row.cell(ActorLibrary.KAMEO));
    assertEquals("10.00M", row.cell(ActorLibrary.PEKKO_CLASSIC));
    assertEquals("-", row.cell(ActorLibrary.PEKKO_TYPED));
    assertEquals(2.25, row.ratio(), 1e-9);
    String md = report(Scale.FULL, false).markdown(List.of(row));
    assertTrue(
        md.contains(
            "| tell-1to1-unbounded | msgs/s | 22.50M (10.00M–30.00M) | 10.00M | - | 2.25 | higher"
                + " | 89% | 5%, 0.10→0.90 | ratio >= 2 | met |"),
        md);
    String tsv = Report.tsv(List.of(row));
    assertTrue(tsv.contains("\t1.0E7\t3.0E7\t1.0E7\t1.0E7\tNaN\tNaN\t"), tsv);
  }

  @Test
  void warm_up_drift_is_the_worst_jvms_last_two_warm_ups_apart() {
    Row row = new Row("tell-1to1-unbounded", "msgs/s", true);
    row.addWarmups(ActorLibrary.KAMEO, 5e6);
    assertTrue(Double.isNaN(row.warmupDrift(ActorLibrary.KAMEO)), "one warm-up has no drift");
    row.addWarmups(ActorLibrary.KAMEO, 1e6, 9e6, 10e6); // settled to 10 %
    row.addWarmups(ActorLibrary.KAMEO, 20e6, 16e6); // 25 % apart
    row.addWarmups(ActorLibrary.KAMEO, 10e6, 10e6);
    row.addWarmups(ActorLibrary.PEKKO_TYPED, 10e6, 5e6);
    assertEquals(0.25, row.warmupDrift(ActorLibrary.KAMEO), 1e-9);
    assertEquals(1.0, row.warmupDrift(ActorLibrary.PEKKO_TYPED), 1e-9);
    assertTrue(Double.isNaN(row.warmupDrift(ActorLibrary.PEKKO_CLASSIC)));
    // no load figures were recorded, which the gate counts as loaded
    String tsv = Report.tsv(List.of(row));
    assertTrue(tsv.contains("\ttrue\t0.25\tNaN\t1.0\t"), tsv);
  }

  @Test
  void descriptive_metrics_get_no_ratio_and_no_target() {
    Row row = new Row("tell-1to1-unbounded", "send-share", true, false);
    row.add(ActorLibrary.KAMEO, 0.4);
    row.add(ActorLibrary.PEKKO_CLASSIC, 0.9);
    assertTrue(Double.isNaN(row.ratio()));
    assertTrue(Target.of(row).isEmpty());
  }

  @Test
  void many_to_one_targets_are_judged_on_the_unbounded_rows_only() {
    for (String senders : List.of("2", "8", "64")) {
      for (String kind : List.of("platform", "virtual")) {
        String base = "tell-" + senders + "to1-" + kind;
        assertTrue(Target.of(new Row(base, "msgs/s", true)).isEmpty(), base);
        Target target = Target.of(new Row(base + "-unbounded", "msgs/s", true)).orElseThrow();
        assertEquals(Target.Kind.RATIO_AT_LEAST, target.kind());
        assertEquals(1.0, target.bound());
      }
    }
  }

  @Test
  void the_issues_targets_sit_on_their_rows() {
    assertEquals(2.0, bound("tell-1to1-unbounded", "msgs/s"));
    assertEquals(3.0, bound("tell-1to1-bounded64", "msgs/s"));
    assertEquals(2.0, bound("tell-1to1-bounded1024", "msgs/s"));
    assertEquals(1.0, bound("ping-pong-1-pair", "msgs/s"));
    assertEquals(0.3, bound("ping-pong-1000-pairs", "msgs/s"));
    assertEquals(2.0, bound("ask-sequential", "asks/s"));
    assertEquals(0.5, bound("ask-sequential", "p50-us"));
    assertEquals(0.25, bound("spawn-1M", "spawn-ms"));
    assertEquals(0.5, bound("spawn-1M", "all-handled-ms"));
    assertEquals(1.0, bound("fan-out-10kx100", "msgs/s"));
    assertTrue(Target.of(new Row("spawn-100k", "spawn-ms", false)).isEmpty());
    assertTrue(Target.of(new Row("ask-sequential", "p99-us", false)).isEmpty());
    assertTrue(Target.of(new Row("tell-1to1-unbounded (jmh)", "msgs/s", true)).isEmpty());
  }

  @Test
  void idle_heap_must_be_at_most_a_kib_and_below_pekko_classics() {
    Row heap = new Row("spawn-1M", "heap-bytes/actor", false);
    heap.add(ActorLibrary.KAMEO, 600);
    heap.add(ActorLibrary.PEKKO_CLASSIC, 440);
    Target target = Target.of(heap).orElseThrow();
    assertEquals(false, target.met(heap).orElseThrow());
    Row smaller = new Row("spawn-1M", "heap-bytes/actor", false);
    smaller.add(ActorLibrary.KAMEO, 400);
    smaller.add(ActorLibrary.PEKKO_CLASSIC, 440);
    assertEquals(true, target.met(smaller).orElseThrow());
    Row big = new Row("spawn-1M", "heap-bytes/actor", false);
    big.add(ActorLibrary.KAMEO, 1500);
    big.add(ActorLibrary.PEKKO_CLASSIC, 2000);
    assertEquals(false, target.met(big).orElseThrow());
  }

  @Test
  void cross_check_rows_are_placed_right_after_the_row_they_check() {
    Row tell = new Row("tell-1to1-unbounded", "msgs/s", true);
    Row cpu = new Row("tell-1to1-unbounded", "cpu-ns/msg", false);
    Row ask = new Row("ask-sequential", "asks/s", true);
    Row check = new Row("tell-1to1-unbounded (jmh)", "msgs/s", true);
    assertEquals(List.of(tell, check, cpu, ask), CrossCheck.beside(List.of(tell, cpu, ask, check)));
  }

  @Test
  void the_generated_section_of_the_docs_is_replaced_and_the_rest_kept() {
    String doc =
        "# Benchmarks\n\nhand-written\n<!-- BEGIN GENERATED RESULTS -->\nold\n"
            + "<!-- END GENERATED RESULTS -->\ntail\n";
    assertEquals(
        "# Benchmarks\n\nhand-written\n<!-- BEGIN GENERATED RESULTS -->\nnew\n"
            + "<!-- END GENERATED RESULTS -->\ntail\n",
        Report.updateDocs(doc, "new\n"));
  }

  private static double bound(String workload, String metric) {
    return Target.of(new Row(workload, metric, true)).orElseThrow().bound();
  }
}
