package io.kameo.libp2p.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A js-libp2p Kademlia DHT peer run as a subprocess of a test, through {@code
 * src/test/js/js-dht-peer.mjs}, and driven by JSON commands: {@code connect}, {@code put}, {@code
 * get}, {@code getLocal}, {@code provide}, {@code findProviders}, {@code findPeer}, {@code
 * closestPeers}, {@code routingTable} and {@code stop}. The script's header documents each command
 * and its answer.
 *
 * <p>The peer listens on {@code /ip4/127.0.0.1/tcp/0} with kad-dht {@code /ipfs/kad/1.0.0} in
 * server mode, keeps loopback addresses (passthrough peer-info mapper) and accepts any value under
 * the {@code /kameo/} and {@code /app/} namespaces. Installation, process start and stderr logs are
 * those of {@link JsPeer}: if {@code node} or {@code npm} is missing, {@link #start} throws {@link
 * IllegalStateException}, so tests fail rather than skip.
 *
 * <p>Thread-safe: commands from several threads run one at a time, each waiting for its own answer
 * (see {@link JsonLineProcess}).
 */
public final class JsDhtPeer implements AutoCloseable {
  /** How long the script lets a command run unless the command sets {@code timeoutMs}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  private final JsonLineProcess process;
  private final String peerId;
  private final List<String> addrs;

  private JsDhtPeer(JsonLineProcess process, String peerId, List<String> addrs) {
    this.process = process;
    this.peerId = peerId;
    this.addrs = List.copyOf(addrs);
  }

  /**
   * Starts a DHT peer and waits for its address line.
   *
   * @param seedHex 64 hex digits for a deterministic Ed25519 identity, or null for a random one
   * @throws IllegalStateException if node or npm is missing, or the peer does not start within
   *     {@link JsPeer#START_TIMEOUT}
   */
  public static JsDhtPeer start(String seedHex) {
    JsPeer.ensureInstalled();
    List<String> command = new ArrayList<>(List.of("node", "js-dht-peer.mjs"));
    if (seedHex != null) {
      command.add("--seed");
      command.add(seedHex);
    }
    JsonLineProcess process =
        JsonLineProcess.start(
            "js DHT peer",
            command,
            JsPeer.scriptDir(),
            JsPeer.logFile("dht"),
            JsPeer.START_TIMEOUT,
            COMMAND_TIMEOUT);
    return new JsDhtPeer(process, process.peerId(), process.addrs());
  }

  /**
   * Sends one command and returns its answer, which holds an {@code error} field if the command
   * failed in js (bad field, unreachable peer, timeout...). The command must have a {@code cmd}
   * field; an {@code id} field is added. The answer is awaited for the command's {@code timeoutMs}
   * (default {@link #COMMAND_TIMEOUT}) plus a margin.
   *
   * @throws IllegalStateException if no answer arrives in time or the process has exited, quoting
   *     the tail of its stderr
   */
  public Map<String, Object> command(Map<String, ?> command) {
    return process.command(command);
  }

  /**
   * Like {@link #command}, but fails unless the answer has no {@code error} field.
   *
   * @throws IllegalStateException naming the command, the js error and the tail of stderr
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

  /** Returns the file that receives the peer's stderr. */
  public Path log() {
    return process.log();
  }

  /** Returns whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the peer by closing its standard input, and kills it if it has not exited within 10 s.
   */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "JsDhtPeer(" + peerId + " at " + addrs + ", log " + process.log() + ")";
  }
}
