package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/**
 * The Java host against a real rust-libp2p peer ({@link RustPeer}), both ways; the tests are {@link
 * HostInteropContract}'s. rust-libp2p offers no muxer inside Noise, so multistream-select chooses
 * the muxer in both of the contract's configurations. Never skipped: if cargo is missing, {@link
 * RustPeer} fails the tests and says so.
 */
class RustInteropTest extends HostInteropContract {
  @Override
  InteropPeer startPeer(String seed) {
    return RustPeer.start(seed, null);
  }

  @Override
  String agentPrefix() {
    return "kameo-interop-rust/0.1.0 rust-libp2p/0.";
  }

  @Override
  String protocolVersion() {
    return "ipfs/0.1.0";
  }

  /**
   * Java reports where it sees Rust's connection come from; rust-libp2p may dial from its listen
   * port.
   */
  @Override
  void checkObservedByJava(Map<String, Object> r) {
    assertTrue(
        r.get("observedAddr").toString().matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+"), r.toString());
  }
}
