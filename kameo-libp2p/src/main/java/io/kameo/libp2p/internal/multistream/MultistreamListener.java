package io.kameo.libp2p.internal.multistream;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. The listener side of multistream-select 1.0, as a state machine over buffers: it
 * echoes the header, answers {@code na} to protocols it does not support and {@code ls} with its
 * list, and echoes the first supported proposal, which selects it.
 *
 * <p>How to drive it: pass every inbound buffer to {@link #onRead} and write whatever it wrote to
 * {@code out} (header echo and reply go out in one write when they arrive together), until it
 * returns {@code true}. Then {@link #selected()} is the protocol; bytes still readable in the
 * inbound buffer belong to it. A {@link MultistreamException} means the negotiation failed and the
 * stream or connection should be closed.
 *
 * <p>A proposal before the header fails the negotiation; a repeated header is echoed again, as
 * js-libp2p does. After {@link #MAX_REFUSALS} refused proposals it gives up. Not thread-safe: one
 * owner drives it.
 */
public final class MultistreamListener {
  /** How many proposals the listener refuses before it fails the negotiation. */
  public static final int MAX_REFUSALS = 64;

  private final List<String> protocols;
  private boolean headerSeen;
  private int refusals;
  private String selected;
  private boolean failed;

  /**
   * Creates a listener that accepts any of {@code protocols}, listed in this order for {@code ls}.
   */
  public MultistreamListener(List<String> protocols) {
    this.protocols = List.copyOf(protocols);
  }

  /**
   * Consumes the negotiation messages in {@code in} and writes the replies to {@code out}; both
   * buffers stay owned by the caller. Returns {@code true} once a protocol is selected; bytes after
   * the selected proposal are left unread in {@code in}.
   *
   * @throws MultistreamException if a message is malformed, the first one is not the header, or too
   *     many proposals were refused
   * @throws IllegalStateException if called after success or failure
   */
  public boolean onRead(ByteBuf in, ByteBuf out) {
    if (selected != null || failed) {
      throw new IllegalStateException(
          "listener already " + (failed ? "failed" : "selected " + selected));
    }
    try {
      while (true) {
        byte[] body = MultistreamCodec.tryReadMessage(in);
        if (body == null) {
          return false;
        }
        String message = MultistreamCodec.decodeText(body);
        if (message.equals(MultistreamCodec.PROTOCOL_ID)) {
          headerSeen = true;
          MultistreamCodec.writeMessage(out, MultistreamCodec.PROTOCOL_ID);
          continue;
        }
        if (!headerSeen) {
          throw new MultistreamException(
              "expected multistream header "
                  + MultistreamCodec.PROTOCOL_ID
                  + " but got \""
                  + message
                  + "\"");
        }
        if (message.equals(MultistreamCodec.LS)) {
          MultistreamCodec.writeList(out, protocols);
          continue;
        }
        if (!message.equals(MultistreamCodec.NA) && protocols.contains(message)) {
          MultistreamCodec.writeMessage(out, message);
          selected = message;
          return true;
        }
        if (++refusals > MAX_REFUSALS) {
          throw new MultistreamException("refused more than " + MAX_REFUSALS + " proposals");
        }
        MultistreamCodec.writeMessage(out, MultistreamCodec.NA);
      }
    } catch (MultistreamException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Returns the protocol selected by the dialer.
   *
   * @throws IllegalStateException if negotiation has not succeeded
   */
  public String selected() {
    if (selected == null) {
      throw new IllegalStateException("no protocol selected yet");
    }
    return Objects.requireNonNull(selected);
  }
}
