package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/**
 * The Java host against a real go-libp2p peer ({@link GoPeer}), both ways; the tests are {@link
 * HostInteropContract}'s. Never skipped: if Go is missing, {@link GoPeer} fails the tests and says
 * so.
 */
class GoInteropTest extends HostInteropContract {
  @Override
  InteropPeer startPeer(String seed) {
    return GoPeer.start(seed, null);
  }

  @Override
  String agentPrefix() {
    return "kameo-interop-go/0.1.0 go-libp2p/v0.";
  }

  /** go-libp2p sends no protocol version by default. */
  @Override
  String protocolVersion() {
    return "";
  }

  /** Java reports where it sees Go's connection come from: Go's end of it. */
  @Override
  void checkObservedByJava(Map<String, Object> r) {
    assertEquals(r.get("localAddr"), r.get("observedAddr"), r.toString());
  }
}
