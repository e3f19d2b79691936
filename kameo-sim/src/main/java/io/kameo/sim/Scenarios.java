package io.kameo.sim;

import io.kameo.libp2p.DhtConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios of issue 12, each a function of its parameters and seed only: s1 (join, register,
 * look up), s2 (churn), s3 (lossy links and slow nodes) and s4 (the scale curve). Each returns a
 * {@link Results} table whose deterministic part depends on nothing but the parameters.
 */
final class Scenarios {
  /** The registry defaults ({@code RegistryConfig}): entries valid 60 s, renewed every 20 s. */
  static final Duration RECORD_TTL = Duration.ofSeconds(60);

  static final Duration REPUBLISH = Duration.ofSeconds(20);

  /** How many nodes the others join through. */
  static final int BOOTSTRAPS = 5;

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** The gap between two nodes' joins: 10k nodes join over 100 s of simulated time. */
  private static final long JOIN_GAP = 10 * MS;

  /** The window over which the nodes register their names. */
  private static final long REGISTER_WINDOW = 10 * S;

  /**
   * The window over which each node runs its lookups in s1, s3 and s4: short of the first renewal
   * round, whose 20 signature checks per name would dominate the run (s2 renews throughout).
   */
  private static final long LOOKUP_WINDOW = 10 * S;

  /** How many missed lookups of s1, s3 and s4 to explain on standard error ({@code --explain}). */
  static int explain;

  private Scenarios() {}

  /** A joined network whose every node registered its name. */
  record Setup(SimNetwork net, SimRegistry registry, Distribution acks) {}

  /** Builds a network of {@code n} nodes joined through the bootstraps, each with its name. */
  static Setup setup(int n, long seed, NetworkModel model) {
    SimNetwork net = new SimNetwork(DhtConfig.defaults(), model, seed);
    SimRegistry registry = new SimRegistry(net, RECORD_TTL, REPUBLISH);
    int[] joined = {0};
    for (int i = 0; i < n; i++) {
      SimNode node = net.addNode();
      if (i == 0) {
        continue;
      }
      SimNode bootstrap = net.nodes().get(i < BOOTSTRAPS ? 0 : i % BOOTSTRAPS);
      net.loop.after(i * JOIN_GAP, () -> net.join(node, bootstrap, () -> joined[0]++));
    }
    net.loop.runWhile(() -> joined[0] < n - 1);
    Distribution acks = new Distribution();
    for (SimNode node : net.nodes()) {
      net.loop.after(
          net.random.nextLong(REGISTER_WINDOW), () -> registry.register(node, acks::add));
    }
    net.loop.runWhile(() -> acks.count() < n);
    return new Setup(net, registry, acks);
  }

  /** Lookup outcomes. */
  static final class Tally {
    long lookups;
    long found;
    final Distribution hops = new Distribution();
    final Distribution requests = new Distribution();

    /**
     * Counts one lookup outcome; it is a success if it found {@code expected} as the holder, or,
     * with {@code expected} null, if it found no holder at all.
     */
    void add(SimRegistry.Found f, SimNode expected) {
      lookups++;
      requests.add(f.requests());
      boolean ok =
          expected == null ? !f.holderFound() : f.holderFound() && f.holder().equals(expected.id);
      if (ok) {
        found++;
      }
      if (f.holderFound()) {
        hops.add(f.hops());
      }
    }
  }

  /**
   * Runs {@code perNode} lookups at every node of {@code setup}, of names drawn uniformly, spread
   * over the lookup window; a lookup succeeds if it finds the name's registering node.
   */
  static Tally lookups(Setup setup, int perNode) {
    SimNetwork net = setup.net();
    int n = net.nodes().size();
    Tally tally = new Tally();
    long total = (long) n * perNode;
    long gap = LOOKUP_WINDOW / perNode;
    for (SimNode reader : net.nodes()) {
      long phase = net.random.nextLong(gap);
      for (int j = 0; j < perNode; j++) {
        net.loop.after(
            phase + j * gap,
            () -> {
              int target = net.random.nextInt(n);
              setup
                  .registry()
                  .lookup(
                      reader,
                      SimRegistry.nameOf(target),
                      f -> {
                        SimNode writer = net.nodes().get(target);
                        long before = tally.found;
                        tally.add(f, writer);
                        if (tally.found == before && explain > 0) {
                          explain--;
                          System.err.print(Explain.miss(net, reader, writer, f));
                        }
                      });
            });
      }
    }
    net.loop.runWhile(() -> tally.lookups < total);
    return tally;
  }

  // ---------------------------------------------------------------- s1, s3, s4

  /** s1: {@code n} nodes join, register a name each, and each looks up {@code perNode} names. */
  static Results s1(int n, long seed, int perNode) {
    return lookupScenario(
        "s1", "s1: join, register, look up", n, seed, perNode, NetworkModel.healthy());
  }

  /** s3: s1 with 5 % of links dropping half their messages and 1 % of nodes answering late. */
  static Results s3(int n, long seed, int perNode) {
    NetworkModel model =
        NetworkModel.healthy().withLoss(0.05, 0.5).withSlowNodes(0.01, Duration.ofSeconds(12));
    return lookupScenario(
        "s3", "s3: 5 % lossy links (50 % loss), 1 % slow nodes (+12 s)", n, seed, perNode, model);
  }

  private static Results lookupScenario(
      String id, String what, int n, long seed, int perNode, NetworkModel model) {
    long wall = System.nanoTime();
    long cpu = cpuNanos();
    Setup setup = setup(n, seed, model);
    long heap = heapPerNode(n);
    Tally t = lookups(setup, perNode);
    SimNetwork net = setup.net();
    Results r =
        new Results(
            "### "
                + what
                + "\n\n`kameo-sim/run --scenario "
                + id
                + " --nodes "
                + n
                + " --lookups "
                + perNode
                + " --seed "
                + seed
                + "`");
    r.row("nodes", Integer.toString(n))
        .row(
            "names registered (peers that stored each: median / p90 / max)",
            n + " (" + Results.spread(setup.acks()) + ")")
        .row("lookups", Long.toString(t.lookups))
        .row("lookups that found the name's holder", Results.percent(t.found, t.lookups))
        .row("hops (median / p90 / max)", Results.spread(t.hops))
        .row(
            "requests per lookup (mean / median / p90 / max)",
            Results.number(t.requests.mean(), 2) + " / " + Results.spread(t.requests))
        .row(
            "requests sent in all (joins, puts, republish, pings included)",
            Long.toString(net.requestsSent))
        .row("requests timed out", Long.toString(net.timeouts))
        .row("messages lost", Long.toString(net.messagesLost))
        .row("simulated time", Results.number(net.loop.now() / 1e9, 1) + " s")
        .row("events", Long.toString(net.loop.processed()));
    r.machine("wall time", Results.number((System.nanoTime() - wall) / 1e9, 1) + " s")
        .machine("CPU time of the simulation thread", seconds(cpuNanos() - cpu))
        .machine("heap after setup, per node", heap / 1024 + " KiB");
    return r;
  }

  /** s4: s1 at each of {@code sizes}, one row each. */
  static Results s4(int[] sizes, long seed, int perNode) {
    StringBuilder list = new StringBuilder();
    for (int s : sizes) {
      list.append(list.isEmpty() ? "" : ",").append(s);
    }
    Results r =
        new Results(
            "### s4: scale curve\n\n`kameo-sim/run --scenario s4 --sizes "
                + list
                + " --lookups "
                + perNode
                + " --seed "
                + seed
                + "`",
            "nodes",
            "log2(n)",
            "found",
            "hops median / p90 / max",
            "requests per lookup (mean)",
            "requests / log2(n)");
    for (int n : sizes) {
      long wall = System.nanoTime();
      long cpu = cpuNanos();
      Setup setup = setup(n, seed, NetworkModel.healthy());
      long heap = heapPerNode(n);
      Tally t = lookups(setup, perNode);
      double log2 = Math.log(n) / Math.log(2);
      r.row(
          Integer.toString(n),
          Results.number(log2, 2),
          Results.percent(t.found, t.lookups),
          Results.spread(t.hops),
          Results.number(t.requests.mean(), 2),
          Results.number(t.requests.mean() / log2, 2));
      System.err.println("s4: " + n + " nodes done: " + String.join(" | ", r.lastRow()));
      r.machine(
          n + " nodes: wall time, CPU time of the simulation thread, heap per node",
          seconds(System.nanoTime() - wall)
              + ", "
              + seconds(cpuNanos() - cpu)
              + ", "
              + heap / 1024
              + " KiB");
    }
    return r;
  }

  /**
   * Returns the CPU time of the calling thread, the simulation's only one: unlike the wall time, it
   * does not count the time the machine gave other processes.
   */
  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static String seconds(long nanos) {
    return Results.number(nanos / 1e9, 1) + " s";
  }

  /** Returns the used heap after a full collection, divided by {@code n}: a machine number. */
  private static long heapPerNode(int n) {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return (rt.totalMemory() - rt.freeMemory()) / n;
  }

  // ---------------------------------------------------------------- s2

  /**
   * s2: after s1's setup, a fraction {@code churn} of the nodes is replaced over {@code duration}
   * (each killed without a word, a new node joining and registering in its place) while lookups of
   * live names run. Each dead node's name is looked up half a republish interval after its death
   * (it may still be found) and once the documented bound passed, {@code recordTtl} after its death
   * (it must be gone); at the end every live name is looked up once more (none may be lost).
   */
  static Results s2(int n, long seed, int perNode, double churn, Duration duration) {
    long wall = System.nanoTime();
    long cpu = cpuNanos();
    Setup setup = setup(n, seed, NetworkModel.healthy());
    SimNetwork net = setup.net();
    SimRegistry registry = setup.registry();
    long start = net.loop.now();
    long span = duration.toNanos();
    int replaced = (int) Math.round(n * churn);
    List<SimNode> registered = new ArrayList<>(net.nodes());
    int windows = 10;
    Tally[] byWindow = new Tally[windows];
    for (int w = 0; w < windows; w++) {
      byWindow[w] = new Tally();
    }
    Tally deadEarly = new Tally();
    Tally deadAfterBound = new Tally();
    long[] pending = {0};
    for (int c = 0; c < replaced; c++) {
      long at = (c * span) / replaced + net.random.nextLong(Math.max(1, span / replaced));
      pending[0] += 3;
      net.loop.after(
          at,
          () -> {
            SimNode victim = net.randomLive();
            net.kill(victim);
            String name = SimRegistry.nameOf(victim.index);
            net.loop.after(
                REPUBLISH.toNanos() / 2,
                () ->
                    registry.lookup(
                        net.randomLive(),
                        name,
                        f -> {
                          deadEarly.add(f, null);
                          pending[0]--;
                        }));
            net.loop.after(
                RECORD_TTL.toNanos() + S,
                () ->
                    registry.lookup(
                        net.randomLive(),
                        name,
                        f -> {
                          deadAfterBound.add(f, null);
                          pending[0]--;
                        }));
            SimNode fresh = net.addNode();
            net.join(
                fresh,
                net.randomLive(),
                () ->
                    registry.register(
                        fresh,
                        acks -> {
                          registered.add(fresh);
                          pending[0]--;
                        }));
          });
    }
    long lookups = (long) n * perNode;
    for (long j = 0; j < lookups; j++) {
      long at = net.random.nextLong(span);
      Tally window = byWindow[(int) (at * windows / span)];
      pending[0]++;
      net.loop.after(
          at,
          () -> {
            SimNode holder = liveRegistered(net, registered);
            registry.lookup(
                net.randomLive(),
                SimRegistry.nameOf(holder.index),
                f -> {
                  window.add(f, holder);
                  pending[0]--;
                });
          });
    }
    net.loop.runUntil(start + span);
    // a lookup whose reader died, or a join whose new node died, never reports: wait for the rest
    // only until the last dead-name check can have ended
    long lastCheck =
        start + span + RECORD_TTL.toNanos() + S + 2 * net.config.queryTimeout().toNanos();
    net.loop.runWhile(() -> pending[0] > 0 && net.loop.now() < lastCheck);
    Tally last = new Tally();
    List<SimNode> alive = new ArrayList<>();
    for (SimNode node : registered) {
      if (node.alive) {
        alive.add(node);
      }
    }
    for (SimNode holder : alive) {
      registry.lookup(net.randomLive(), SimRegistry.nameOf(holder.index), f -> last.add(f, holder));
    }
    net.loop.runWhile(() -> last.lookups < alive.size());

    Results r =
        new Results(
            "### s2: churn, "
                + Math.round(churn * 100)
                + " % of the nodes replaced over "
                + duration.toSeconds()
                + " s\n\n`kameo-sim/run --scenario s2 --nodes "
                + n
                + " --lookups "
                + perNode
                + " --churn "
                + churn
                + " --duration "
                + duration.toSeconds()
                + " --seed "
                + seed
                + "`");
    Tally all = new Tally();
    for (int w = 0; w < windows; w++) {
      Tally t = byWindow[w];
      all.lookups += t.lookups;
      all.found += t.found;
      r.row(
          "live-name lookups found, "
              + (w * duration.toSeconds() / windows)
              + "-"
              + ((w + 1) * duration.toSeconds() / windows)
              + " s",
          Results.percent(t.found, t.lookups));
    }
    r.row("nodes replaced (killed without a word, new ones joined)", Integer.toString(replaced))
        .row("live-name lookups found, whole run", Results.percent(all.found, all.lookups))
        .row(
            "dead nodes' names still found " + REPUBLISH.toSeconds() / 2 + " s after death",
            Results.percent(deadEarly.lookups - deadEarly.found, deadEarly.lookups))
        .row(
            "dead nodes' names gone "
                + (RECORD_TTL.toSeconds() + 1)
                + " s after death (bound: recordTtl = "
                + RECORD_TTL.toSeconds()
                + " s)",
            Results.percent(deadAfterBound.found, deadAfterBound.lookups))
        .row("live names found at the end (none lost)", Results.percent(last.found, last.lookups))
        .row("requests sent in all", Long.toString(net.requestsSent))
        .row("requests timed out", Long.toString(net.timeouts))
        .row("simulated time", Results.number(net.loop.now() / 1e9, 1) + " s");
    r.machine("wall time", seconds(System.nanoTime() - wall))
        .machine("CPU time of the simulation thread", seconds(cpuNanos() - cpu));
    return r;
  }

  /** Returns a live node that has registered its name, drawn at random (dead ones are dropped). */
  private static SimNode liveRegistered(SimNetwork net, List<SimNode> registered) {
    while (true) {
      int i = net.random.nextInt(registered.size());
      SimNode node = registered.get(i);
      if (node.alive) {
        return node;
      }
      registered.set(i, registered.get(registered.size() - 1));
      registered.remove(registered.size() - 1);
    }
  }
}
