package io.kameo.remote.internal.actor;

import io.kameo.ActorId;
import io.kameo.PanicSource;
import io.kameo.StopReason;
import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.remote.error.RemotePanicException;

/**
 * INTERNAL API. A {@link StopReason} on the wire: {@code message StopReason { uint32 kind = 1;
 * string panic_source = 2; string error = 3; uint64 linked = 4; StopReason cause = 5; string peer =
 * 6; }} with kind 0 normal, 1 killed, 2 panicked (source and the error as text), 3 link died (the
 * linked actor and its reason as cause), 4 peer disconnected. A panic's error arrives as a {@link
 * RemotePanicException} holding the remote error's text: no class is named or loaded. Causes nest
 * at most {@value #MAX_DEPTH} deep.
 */
public final class RemoteStopReasons {
  /** How deep link deaths nest on the wire; a deeper chain is cut off with a placeholder. */
  static final int MAX_DEPTH = 8;

  /** The longest error text sent. */
  static final int MAX_ERROR_CHARS = 2048;

  private RemoteStopReasons() {}

  /** Returns the encoding of {@code reason}. */
  public static byte[] encode(StopReason reason) {
    return encode(reason, 0);
  }

  private static byte[] encode(StopReason reason, int depth) {
    return Proto.write(
        out -> {
          switch (reason) {
            case StopReason.Normal n -> out.writeUInt32(1, 0);
            case StopReason.Killed k -> out.writeUInt32(1, 1);
            case StopReason.Panicked p -> {
              out.writeUInt32(1, 2);
              out.writeString(2, p.source().name());
              String text = String.valueOf(p.error());
              out.writeString(
                  3, text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text);
            }
            case StopReason.LinkDied l -> {
              out.writeUInt32(1, 3);
              out.writeUInt64(4, l.id().sequence());
              // the cause sits at depth + 1, the deepest a receiver takes is MAX_DEPTH - 1
              StopReason cause =
                  depth + 2 < MAX_DEPTH || !(l.reason() instanceof StopReason.LinkDied)
                      ? l.reason()
                      : new StopReason.Panicked(
                          PanicSource.ON_LINK_DIED,
                          new RemotePanicException("(link deaths nested too deep to send)"));
              out.writeByteArray(5, encode(cause, depth + 1));
            }
            case StopReason.PeerDisconnected d -> {
              out.writeUInt32(1, 4);
              out.writeString(6, d.peer());
            }
          }
        });
  }

  /**
   * Decodes a stop reason.
   *
   * @throws IllegalArgumentException if the bytes are malformed, name an unknown kind or panic
   *     source, or nest too deep
   */
  public static StopReason decode(byte[] bytes) {
    return decode(bytes, 0);
  }

  private static StopReason decode(byte[] bytes, int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("stop reasons nested more than " + MAX_DEPTH + " deep");
    }
    int kind = 0;
    String source = null;
    String error = "";
    long linked = 0;
    StopReason cause = null;
    String peer = "";
    ProtoReader in = new ProtoReader(bytes, "stop reason");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> kind = in.readUInt32(tag, "kind");
        case 2 -> source = in.readString(tag, "panic_source");
        case 3 -> error = in.readString(tag, "error");
        case 4 -> linked = in.readVarint(tag, "linked");
        case 5 -> cause = decode(in.readBytes(tag, "cause"), depth + 1);
        case 6 -> peer = in.readString(tag, "peer");
        default -> in.skip(tag);
      }
    }
    return switch (kind) {
      case 0 -> StopReason.NORMAL;
      case 1 -> StopReason.KILLED;
      case 2 -> new StopReason.Panicked(panicSource(source), new RemotePanicException(error));
      case 3 -> {
        if (cause == null || linked < 0) {
          throw new IllegalArgumentException("link death without a cause");
        }
        yield new StopReason.LinkDied(ActorId.of(linked), cause);
      }
      case 4 -> new StopReason.PeerDisconnected(peer);
      default -> throw new IllegalArgumentException("unknown stop reason kind " + kind);
    };
  }

  private static PanicSource panicSource(String name) {
    for (PanicSource s : PanicSource.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown panic source " + name);
  }
}
