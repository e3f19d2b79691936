package io.kameo.remote.internal.actor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.ActorId;
import io.kameo.PanicSource;
import io.kameo.StopReason;
import io.kameo.remote.error.RemotePanicException;
import io.kameo.remote.error.RemoteSendException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frames of the actor protocol: every kind round-trips, heads of oversized frames, reasons. */
class ActorFrameTest {

  @Test
  void every_kind_of_frame_round_trips_through_the_wrapper() {
    ActorEnvelope envelope = new ActorEnvelope(3, "t", "m", false, new byte[] {1, 2}, 9, 5L, true);
    ActorEnvelope e = assertInstanceOf(ActorEnvelope.class, roundTrip(envelope));
    assertTrue(e.ack() && !e.ask() && e.answered());
    assertArrayEquals(new byte[] {1, 2}, e.payload());
    assertEquals(9, ((ActorReply) roundTrip(ActorReply.ok(9, new byte[0]))).requestId());
    assertEquals(
        new ActorFrame.Grant(4, 16, 1 << 20), roundTrip(new ActorFrame.Grant(4, 16, 1 << 20)));
    assertEquals(
        new ActorFrame.Link(1, 2, 3, true, -7L),
        roundTrip(new ActorFrame.Link(1, 2, 3, true, -7L)));
    assertEquals(new ActorFrame.Unlink(2, 3), roundTrip(new ActorFrame.Unlink(2, 3)));
    ActorFrame.LinkDied died =
        (ActorFrame.LinkDied) roundTrip(new ActorFrame.LinkDied(5, 6, StopReason.KILLED));
    assertEquals(StopReason.KILLED, died.reason());
    assertEquals(ActorFrame.wrap(envelope).length, ActorFrame.wrappedSize(envelope) - 8);
  }

  @Test
  void malformed_frames_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> ActorFrame.unwrap(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ActorFrame.unwrap(new byte[] {0x3a, 0}));
    byte[] zero = Proto.write(out -> out.writeUInt64(1, 1)); // a grant of no messages
    byte[] zeroGrant = Proto.write(out -> out.writeByteArray(3, zero));
    assertThrows(IllegalArgumentException.class, () -> ActorFrame.unwrap(zeroGrant));
    byte[] two = ActorFrame.wrap(new ActorFrame.Unlink(1, 2));
    byte[] doubled = Arrays.copyOf(two, two.length * 2);
    System.arraycopy(two, 0, doubled, two.length, two.length);
    assertThrows(IllegalArgumentException.class, () -> ActorFrame.unwrap(doubled));
  }

  @Test
  void the_head_of_an_oversized_envelope_or_reply_says_whom_to_answer() {
    byte[] big = new byte[100_000];
    byte[] envelope = ActorFrame.wrap(new ActorEnvelope(77, "type", "msg", true, big, 12345, 5L));
    ActorFrame.Head head = ActorFrame.peek(Arrays.copyOf(envelope, ActorChannel.HEAD_BYTES));
    assertEquals(new ActorFrame.Head(true, 12345, 77, true), head);
    byte[] reply = ActorFrame.wrap(ActorReply.ok(999, big));
    assertEquals(
        new ActorFrame.Head(false, 999, 0, false),
        ActorFrame.peek(Arrays.copyOf(reply, ActorChannel.HEAD_BYTES)));
    assertNull(ActorFrame.peek(new byte[] {0x1a, 0x05})); // a grant is no envelope or reply
  }

  @Test
  void stop_reasons_cross_the_wire_without_naming_a_class() {
    StopReason panicked =
        new StopReason.Panicked(PanicSource.ON_START, new IllegalStateException("boom"));
    StopReason nested =
        new StopReason.LinkDied(
            ActorId.of(4), new StopReason.LinkDied(ActorId.of(5), StopReason.NORMAL));
    StopReason lost = new StopReason.PeerDisconnected("12D3Koo");
    for (StopReason r : new StopReason[] {StopReason.NORMAL, StopReason.KILLED, nested, lost}) {
      assertEquals(r, RemoteStopReasons.decode(RemoteStopReasons.encode(r)));
    }
    StopReason.Panicked back =
        (StopReason.Panicked) RemoteStopReasons.decode(RemoteStopReasons.encode(panicked));
    assertEquals(PanicSource.ON_START, back.source());
    RemotePanicException error = assertInstanceOf(RemotePanicException.class, back.error());
    assertEquals("java.lang.IllegalStateException: boom", error.remoteError());
  }

  @Test
  void deep_chains_of_link_deaths_are_cut_when_sent_and_refused_when_received() {
    StopReason deep = StopReason.NORMAL;
    for (int i = 0; i < 20; i++) {
      deep = new StopReason.LinkDied(ActorId.of(i), deep);
    }
    StopReason back = RemoteStopReasons.decode(RemoteStopReasons.encode(deep));
    int depth = 0;
    while (back instanceof StopReason.LinkDied l) {
      back = l.reason();
      depth++;
    }
    assertEquals(RemoteStopReasons.MAX_DEPTH - 1, depth);
    assertInstanceOf(StopReason.Panicked.class, back);
    byte[] hostile = RemoteStopReasons.encode(StopReason.NORMAL);
    for (int i = 0; i < RemoteStopReasons.MAX_DEPTH + 1; i++) {
      byte[] inner = hostile;
      hostile =
          Proto.write(
              out -> {
                out.writeUInt32(1, 3);
                out.writeByteArray(5, inner);
              });
    }
    byte[] tooDeep = hostile;
    assertThrows(IllegalArgumentException.class, () -> RemoteStopReasons.decode(tooDeep));
    byte[] unknown = Proto.write(out -> out.writeUInt32(1, 99));
    assertThrows(IllegalArgumentException.class, () -> RemoteStopReasons.decode(unknown));
  }

  @Test
  void every_send_reason_survives_a_reply() {
    for (RemoteSendException.Reason r : RemoteSendException.Reason.values()) {
      ActorReply back = (ActorReply) roundTrip(ActorReply.failed(1, r, "why"));
      assertEquals(r, back.error());
    }
  }

  private static ActorFrame roundTrip(ActorFrame frame) {
    return ActorFrame.unwrap(ActorFrame.wrap(frame));
  }
}
