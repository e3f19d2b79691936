package io.kameo.libp2p.internal.multistream;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The dialer side of multistream-select 1.0, as a state machine over buffers: it
 * proposes protocols in order of preference until the listener echoes one, moving to the next after
 * each {@code na}.
 *
 * <p>How to drive it: call {@link #start} once and write what it wrote (the header and the first
 * proposal, in one write, as js-libp2p dialers do); then pass every inbound buffer to {@link
 * #onRead} and write whatever it wrote to {@code out}, until it returns {@code true}. Then {@link
 * #selected()} is the protocol and any bytes still readable in the inbound buffer already belong to
 * that protocol. A {@link MultistreamException} means the negotiation failed and the stream or
 * connection should be closed.
 *
 * <p>The first reply must be exactly the header, as js-libp2p requires. Not thread-safe: one owner
 * (the channel's event loop or the stream's thread) drives it.
 */
public final class MultistreamDialer {
  private enum State {
    NEW,
    AWAIT_HEADER,
    AWAIT_REPLY,
    DONE,
    FAILED
  }

  private final List<String> protocols;
  private State state = State.NEW;
  private int proposal;
  private String selected;

  /**
   * Creates a dialer that proposes {@code protocols} in this order.
   *
   * @throws IllegalArgumentException if the list is empty or a protocol cannot be sent
   */
  public MultistreamDialer(List<String> protocols) {
    this.protocols = List.copyOf(protocols);
    if (this.protocols.isEmpty()) {
      throw new IllegalArgumentException("no protocol to propose");
    }
    for (String p : this.protocols) {
      if (p.isEmpty()
          || p.indexOf('\n') >= 0
          || p.equals(MultistreamCodec.NA)
          || p.equals(MultistreamCodec.LS)) {
        throw new IllegalArgumentException("not a protocol id: \"" + p + "\"");
      }
    }
  }

  /**
   * Writes the header and the first proposal to {@code out} (owned by the caller).
   *
   * @throws IllegalStateException if already started
   */
  public void start(ByteBuf out) {
    if (state != State.NEW) {
      throw new IllegalStateException("dialer already started");
    }
    MultistreamCodec.writeMessage(out, MultistreamCodec.PROTOCOL_ID);
    MultistreamCodec.writeMessage(out, protocols.get(0));
    state = State.AWAIT_HEADER;
  }

  /**
   * Consumes the messages in {@code in} that belong to the negotiation and writes any next proposal
   * to {@code out}; both buffers stay owned by the caller. Returns {@code true} once a protocol is
   * selected; bytes after the listener's echo are left unread in {@code in}.
   *
   * @throws MultistreamException if a message is malformed, the first reply is not the header, a
   *     reply is neither the proposal nor {@code na}, or every protocol was refused
   * @throws IllegalStateException if not started, or called after success or failure
   */
  public boolean onRead(ByteBuf in, ByteBuf out) {
    if (state == State.NEW || state == State.DONE || state == State.FAILED) {
      throw new IllegalStateException("dialer is " + state);
    }
    try {
      while (true) {
        byte[] body = MultistreamCodec.tryReadMessage(in);
        if (body == null) {
          return false;
        }
        String message = MultistreamCodec.decodeText(body);
        if (state == State.AWAIT_HEADER) {
          if (!message.equals(MultistreamCodec.PROTOCOL_ID)) {
            throw new MultistreamException(
                "expected multistream header "
                    + MultistreamCodec.PROTOCOL_ID
                    + " but got \""
                    + message
                    + "\"");
          }
          state = State.AWAIT_REPLY;
          continue;
        }
        String proposed = protocols.get(proposal);
        if (message.equals(proposed)) {
          selected = proposed;
          state = State.DONE;
          return true;
        }
        if (!message.equals(MultistreamCodec.NA)) {
          throw new MultistreamException(
              "unexpected reply \"" + message + "\" to proposal \"" + proposed + "\"");
        }
        if (++proposal == protocols.size()) {
          throw new MultistreamException("remote supports none of " + protocols);
        }
        MultistreamCodec.writeMessage(out, protocols.get(proposal));
      }
    } catch (MultistreamException e) {
      state = State.FAILED;
      throw e;
    }
  }

  /**
   * Returns the protocol the listener accepted.
   *
   * @throws IllegalStateException if negotiation has not succeeded
   */
  public String selected() {
    if (state != State.DONE) {
      throw new IllegalStateException("no protocol selected: dialer is " + state);
    }
    return Objects.requireNonNull(selected);
  }
}
