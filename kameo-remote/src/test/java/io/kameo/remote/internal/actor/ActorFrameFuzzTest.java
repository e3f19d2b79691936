package io.kameo.remote.internal.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kameo.StopReason;

/**
 * Fuzz tests of what a peer's bytes reach on the actor protocol since issue 8: any input either
 * unwraps to a frame whose encoding is stable, or fails with {@link IllegalArgumentException}; the
 * head reader of oversized frames never throws. Without {@code JAZZER_FUZZ=1} they replay the
 * stored inputs as part of {@code mvn test}.
 */
class ActorFrameFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void frameUnwrapsStablyOrIsRejected(byte[] input) {
    ActorFrame frame;
    try {
      frame = ActorFrame.unwrap(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    byte[] wrapped = ActorFrame.wrap(frame);
    assertArrayEquals(wrapped, ActorFrame.wrap(ActorFrame.unwrap(wrapped)));
  }

  @FuzzTest(maxDuration = "60s")
  void theHeadOfAnyFrameIsReadWithoutThrowing(byte[] input) {
    ActorFrame.peek(input);
  }

  @FuzzTest(maxDuration = "60s")
  void stopReasonDecodesStablyOrIsRejected(byte[] input) {
    StopReason reason;
    try {
      reason = RemoteStopReasons.decode(input);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    byte[] encoded = RemoteStopReasons.encode(reason);
    assertArrayEquals(encoded, RemoteStopReasons.encode(RemoteStopReasons.decode(encoded)));
  }
}
