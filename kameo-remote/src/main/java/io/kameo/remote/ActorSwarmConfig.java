package io.kameo.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.kameo.remote.error.RemoteSendException;
import java.util.Objects;

/**
 * Settings of an {@link ActorSwarm}: the largest message or reply it sends or takes, and how
 * messages are serialized. Immutable; each {@code with…} method returns a copy.
 *
 * <p><b>Size.</b> The maximum message size counts a message (or reply) as it goes on the wire:
 * serialized, in its envelope. A sender refuses a larger message before writing anything ({@link
 * RemoteSendException.Reason#MESSAGE_TOO_LARGE}, naming both sizes); a receiver skips a larger
 * frame without reading it into memory and answers with the same reason; a serving node answers a
 * larger reply with it instead. Nothing else on the connection is affected. Give every node of a
 * network the same limit.
 *
 * <p><b>Format.</b> Messages and replies are serialized by Jackson as {@link PayloadFormat#CBOR} by
 * default, or {@link PayloadFormat#JSON}; give every node the same format (a node answers another
 * format with {@link RemoteSendException.Reason#FORMAT_MISMATCH}). {@link #withObjectMapper} takes
 * the application's own mapper (its modules, naming strategy, …) for the format of its factory. A
 * payload never names a class to instantiate: a mapper with default typing is refused here, the
 * swarm reads with a copy of the mapper whose polymorphic type validator denies every class name,
 * and a message or reply type that uses {@code @JsonTypeInfo} with a class id is refused when sent
 * or received ({@link RemoteSendException.Reason#SERIALIZATION}). Type ids by logical name ({@code
 * JsonTypeInfo.Id.NAME} with {@code @JsonSubTypes}) are fine: they pick from a closed set.
 */
public final class ActorSwarmConfig {
  /** The default maximum message size: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 << 20;

  private static final ActorSwarmConfig DEFAULTS =
      new ActorSwarmConfig(DEFAULT_MAX_MESSAGE_SIZE, PayloadFormat.CBOR, null, false);

  private final int maxMessageSize;
  private final PayloadFormat format;
  private final ObjectMapper mapper; // null: the format's default mapper
  private final boolean mdns;

  private ActorSwarmConfig(
      int maxMessageSize, PayloadFormat format, ObjectMapper mapper, boolean mdns) {
    if (maxMessageSize < 1024 || maxMessageSize > 1 << 30) {
      throw new IllegalArgumentException(
          "maxMessageSize must be 1 KiB to 1 GiB, not " + maxMessageSize + " bytes");
    }
    this.maxMessageSize = maxMessageSize;
    this.format = format;
    this.mapper = mapper;
    this.mdns = mdns;
  }

  /**
   * Returns the defaults: {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes per message, {@link
   * PayloadFormat#CBOR} with a plain Jackson mapper.
   */
  public static ActorSwarmConfig defaults() {
    return DEFAULTS;
  }

  /** Returns the largest message or reply, in bytes, envelope included. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Returns the format messages and replies are serialized in. */
  public PayloadFormat format() {
    return format;
  }

  /**
   * Returns the mapper given to {@link #withObjectMapper}, or a new plain mapper of {@link
   * #format()} if none was given.
   */
  public ObjectMapper objectMapper() {
    if (mapper != null) {
      return mapper;
    }
    return format == PayloadFormat.CBOR ? new CBORMapper() : new JsonMapper();
  }

  /**
   * Returns these settings with another maximum message size, in bytes: 1 KiB to 1 GiB.
   *
   * @throws IllegalArgumentException if {@code bytes} is out of that range
   */
  public ActorSwarmConfig withMaxMessageSize(int bytes) {
    return new ActorSwarmConfig(bytes, format, mapper, mdns);
  }

  /**
   * Returns these settings with {@code format} and a plain Jackson mapper for it (a mapper given
   * before is dropped).
   */
  public ActorSwarmConfig withFormat(PayloadFormat format) {
    return new ActorSwarmConfig(
        maxMessageSize, Objects.requireNonNull(format, "format"), null, mdns);
  }

  /**
   * Returns these settings with the application's own mapper; the format is its factory's: CBOR for
   * a {@code CBORFactory} ({@code new CBORMapper()}, package {@code
   * com.fasterxml.jackson.dataformat.cbor.databind}), JSON for a plain JSON one. The swarm reads
   * and writes with a copy, so changing {@code mapper} later does not affect it.
   *
   * @throws IllegalArgumentException if the mapper has default typing enabled (a payload could name
   *     a class to instantiate) or its format is neither CBOR nor JSON
   */
  public ActorSwarmConfig withObjectMapper(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    if (mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class))
            != null
        || mapper.getSerializationConfig().getDefaultTyper(mapper.constructType(Object.class))
            != null) {
      throw new IllegalArgumentException(
          "the ObjectMapper has default typing enabled (activateDefaultTyping or"
              + " enableDefaultTyping): a remote payload could name a class to instantiate;"
              + " use a mapper without it");
    }
    PayloadFormat of;
    if (mapper.getFactory() instanceof CBORFactory) {
      of = PayloadFormat.CBOR;
    } else if ("JSON".equals(mapper.getFactory().getFormatName())) {
      of = PayloadFormat.JSON;
    } else {
      throw new IllegalArgumentException(
          "the ObjectMapper writes "
              + mapper.getFactory().getFormatName()
              + "; remote messages are CBOR or JSON");
    }
    ObjectMapper copy;
    try {
      copy = mapper.copy();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(
          "cannot copy the ObjectMapper (" + e.getMessage() + "); its class must override copy()",
          e);
    }
    return new ActorSwarmConfig(maxMessageSize, of, copy, mdns);
  }

  /**
   * Returns whether a node started by {@link ActorSwarm#bootstrap} discovers its peers on the local
   * network by mDNS (off by default).
   */
  public boolean mdns() {
    return mdns;
  }

  /**
   * Returns these settings with mDNS discovery on or off for {@link ActorSwarm#bootstrap}: with it
   * on, the node announces itself on the local network and dials the peers it hears of, so nodes on
   * one LAN find each other with no bootstrap address ({@code HostConfig#withMdns} of the {@code
   * io.kameo.libp2p} module, with its bounds). A swarm {@linkplain ActorSwarm#start started} on a
   * host of the application's takes the host's own setting instead.
   */
  public ActorSwarmConfig withMdns(boolean on) {
    return new ActorSwarmConfig(maxMessageSize, format, mapper, on);
  }

  @Override
  public String toString() {
    return "ActorSwarmConfig[maxMessageSize="
        + maxMessageSize
        + ", format="
        + format
        + (mapper == null ? "" : ", own mapper")
        + (mdns ? ", mdns" : "")
        + "]";
  }
}
