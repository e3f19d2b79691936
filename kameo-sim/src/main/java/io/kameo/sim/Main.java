package io.kameo.sim;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Runs one scenario and prints its results table (Markdown) on standard output, then the machine
 * numbers (wall time, heap), which are not part of the deterministic table.
 *
 * <pre>
 * kameo-sim/run --scenario s1 --nodes 10000 --lookups 100 --seed 42
 * kameo-sim/run --scenario s2 --nodes 10000 --lookups 10 --churn 0.2 --duration 300 --seed 42
 * kameo-sim/run --scenario s3 --nodes 10000 --lookups 100 --seed 42
 * kameo-sim/run --scenario s4 --sizes 1000,2000,5000,10000,20000 --lookups 20 --seed 42
 * </pre>
 *
 * <p>{@code --explain N} prints, on standard error, what went wrong in the first N lookups of s1,
 * s3 or s4 that missed their name (see {@code Explain}); the table on standard output is unchanged.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the scenario the arguments name.
   *
   * @param args {@code --scenario s1|s2|s3|s4} and its options (see the class comment)
   */
  public static void main(String[] args) {
    String scenario = "s1";
    int nodes = 500;
    int lookups = 100;
    long seed = 42;
    double churn = 0.2;
    long duration = 300;
    int[] sizes = {1000, 2000, 5000, 10000};
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--scenario" -> scenario = value;
        case "--nodes" -> nodes = Integer.parseInt(value);
        case "--lookups" -> lookups = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--explain" -> Scenarios.explain = Integer.parseInt(value);
        case "--churn" -> churn = Double.parseDouble(value);
        case "--duration" -> duration = Long.parseLong(value);
        case "--sizes" ->
            sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    Results results =
        switch (scenario) {
          case "s1" -> Scenarios.s1(nodes, seed, lookups);
          case "s2" -> Scenarios.s2(nodes, seed, lookups, churn, Duration.ofSeconds(duration));
          case "s3" -> Scenarios.s3(nodes, seed, lookups);
          case "s4" -> Scenarios.s4(sizes, seed, lookups);
          default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(results.table());
    out.print(results.machineTable());
  }
}
