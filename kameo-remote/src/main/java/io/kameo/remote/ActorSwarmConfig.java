package io.kameo.remote;

/**
 * Settings of an {@link ActorSwarm}: for now the largest message or reply it sends or takes.
 *
 * <p>The maximum message size counts a message (or reply) as it goes on the wire: serialized to
 * JSON, in its envelope. A sender refuses a larger message before writing anything ({@link
 * RemoteSendException.Reason#MESSAGE_TOO_LARGE}, naming both sizes); a receiver skips a larger
 * frame without reading it into memory and answers with the same reason; a serving node answers a
 * larger reply with it instead. Nothing else on the connection is affected. Give every node of a
 * network the same limit.
 *
 * @param maxMessageSize the largest message or reply, in bytes, envelope included: 1 KiB to 1 GiB
 */
public record ActorSwarmConfig(int maxMessageSize) {
  /** The default maximum message size: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 << 20;

  /** Checks the values. */
  public ActorSwarmConfig {
    if (maxMessageSize < 1024 || maxMessageSize > 1 << 30) {
      throw new IllegalArgumentException(
          "maxMessageSize must be 1 KiB to 1 GiB, not " + maxMessageSize + " bytes");
    }
  }

  /** Returns the defaults: {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes per message. */
  public static ActorSwarmConfig defaults() {
    return new ActorSwarmConfig(DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** Returns these settings with another maximum message size, in bytes. */
  public ActorSwarmConfig withMaxMessageSize(int bytes) {
    return new ActorSwarmConfig(bytes);
  }
}
