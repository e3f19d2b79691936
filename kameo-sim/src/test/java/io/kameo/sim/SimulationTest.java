package io.kameo.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final int NODES = 150;

  @Test
  void every_lookup_finds_its_name_and_one_seed_prints_the_same_table_twice() {
    String first = Scenarios.s1(NODES, 42, 4).table();
    assertTrue(
        first.contains("| lookups that found the name's holder | 100.000 % (600 of 600) |"), first);
    assertEquals(first, Scenarios.s1(NODES, 42, 4).table(), "same seed, same run");
    assertNotEquals(first, Scenarios.s1(NODES, 43, 4).table(), "the seed drives the run");
  }

  @Test
  void under_churn_live_names_stay_found_and_dead_nodes_names_are_gone_after_the_bound() {
    String table = Scenarios.s2(80, 7, 2, 0.2, Duration.ofSeconds(75)).table();
    assertTrue(table.contains("| live names found at the end (none lost) | 100.000 %"), table);
    assertTrue(
        table.contains(
            "| dead nodes' names gone 61 s after death (bound: recordTtl = 60 s) | 100.000 % (16 of"
                + " 16) |"),
        table);
  }
}
