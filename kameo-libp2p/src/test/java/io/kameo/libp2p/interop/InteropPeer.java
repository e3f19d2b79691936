package io.kameo.libp2p.interop;

import java.util.List;
import java.util.Map;

/**
 * A compiled peer of another libp2p implementation run as a subprocess of a test ({@link GoPeer},
 * {@link RustPeer}): it prints its peer id and addresses as its first JSON line, then answers JSON
 * commands (see {@link JsonLineProcess}).
 *
 * <p>Thread-safe: commands from several threads run one at a time, each waiting for its own answer.
 */
public abstract sealed class InteropPeer implements AutoCloseable permits GoPeer, RustPeer {
  private final JsonLineProcess process;
  private final String peerId;
  private final List<String> addrs;

  InteropPeer(JsonLineProcess process) {
    this.process = process;
    this.peerId = process.peerId();
    this.addrs = List.copyOf(process.addrs());
  }

  /** Returns the JSON line the peer printed when it started (peer id, addrs, agent version...). */
  public Map<String, Object> json() {
    return process.first();
  }

  /** Returns the agent version the peer sends in identify. */
  public String agentVersion() {
    return (String) process.first().get("agentVersion");
  }

  /**
   * Sends one command and returns its answer, which holds an {@code error} field if the command
   * failed in the peer. The command must have a {@code cmd} field; an {@code id} field is added.
   *
   * @throws IllegalStateException if no answer arrives in time or the process has exited
   */
  public Map<String, Object> command(Map<String, ?> command) {
    return process.command(command);
  }

  /**
   * Like {@link #command}, but fails unless the answer has no {@code error} field.
   *
   * @throws IllegalStateException naming the command, the peer's error and the tail of stderr
   */
  public Map<String, Object> commandOk(Map<String, ?> command) {
    return process.commandOk(command);
  }

  /** Returns the peer id of this peer. */
  public String peerId() {
    return peerId;
  }

  /** Returns its listen addresses, each ending in {@code /p2p/<peer id>}. */
  public List<String> addrs() {
    return addrs;
  }

  /** Returns its first listen address, ending in {@code /p2p/<peer id>}. */
  public String addr() {
    return addrs.get(0);
  }

  /** Returns whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the peer by closing its standard input, and kills it if it has not exited in 10 s. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "("
        + peerId
        + " at "
        + addrs
        + ", log "
        + process.log()
        + ")";
  }
}
