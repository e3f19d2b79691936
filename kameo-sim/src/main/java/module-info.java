/**
 * Kameo simulation: a deterministic discrete-event simulation of the Kademlia DHT and the actor
 * registry, thousands of nodes in one JVM, for a given seed always the same run. Not published.
 *
 * <p>It runs the protocol code of {@code io.kameo.libp2p.internal.kad} (the sans-IO {@code KadCore}
 * and {@code KadLookup}) and the record formats and validator of {@code
 * io.kameo.remote.internal.registry} over an in-memory network with a simulated clock; {@link
 * io.kameo.sim.Main} runs the scenarios. It exports nothing. Those two packages are exported to no
 * module; the build opens them to this one alone ({@code --add-exports} when it compiles and runs
 * it), so the published modules declare nothing for the simulator.
 */
module io.kameo.sim {
  requires java.management;
  requires io.kameo.libp2p;
  requires io.kameo.remote;
}
