package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. The kad-dht {@code Record} protobuf, a key/value pair and the time it was received:
 *
 * <pre>
 * message Record { bytes key = 1; bytes value = 2; string timeReceived = 5; }
 * </pre>
 *
 * Fields 3 (author) and 4 (signature) were removed from the spec; they are skipped on decode like
 * any unknown field and never sent. Key and value are always encoded, even when empty (js-libp2p
 * expects both); an empty {@code timeReceived} means "not set" and is left out.
 *
 * <p>The byte arrays are not copied: treat them as immutable. {@link #equals} and {@link #hashCode}
 * compare contents. The constructor throws {@link NullPointerException} for nulls.
 *
 * @param key the record key ({@code /namespace/...} by convention)
 * @param value the record value
 * @param timeReceived RFC 3339 time the record was received, set by the receiver, or {@code ""}
 */
public record KadRecord(byte[] key, byte[] value, String timeReceived) {

  /**
   * The format js-libp2p writes: UTC, 9 fractional digits, e.g. {@code
   * 2026-11-22T01:49:21.812000000Z}.
   */
  private static final DateTimeFormatter WRITE_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Checks for nulls. */
  public KadRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timeReceived, "timeReceived");
  }

  /** Returns a record whose {@code timeReceived} is {@code received}, formatted as js writes it. */
  public static KadRecord of(byte[] key, byte[] value, Instant received) {
    return new KadRecord(key, value, formatTime(received));
  }

  /** Returns this record with {@code timeReceived} replaced by {@code received}. */
  public KadRecord withTimeReceived(Instant received) {
    return of(key, value, received);
  }

  /**
   * Returns {@code timeReceived} as an instant, or empty if it is not set or not valid RFC 3339
   * (callers decide whether such a record is acceptable; js-libp2p treats it as expired).
   */
  public Optional<Instant> receivedAt() {
    try {
      return Optional.of(parseTime(timeReceived));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Formats {@code time} as js-libp2p does: UTC, always 9 fractional digits, e.g. {@code
   * 2026-11-22T01:49:21.812000000Z}.
   */
  public static String formatTime(Instant time) {
    return WRITE_FORMAT.format(time);
  }

  /**
   * Parses an RFC 3339 time: with or without fractional seconds (go-libp2p trims trailing zeros),
   * with {@code Z} or a numeric offset.
   *
   * @throws IllegalArgumentException naming the text if it is not an RFC 3339 date-time
   */
  public static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 time: \"" + text + "\"", e);
    }
  }

  /** Returns the protobuf encoding. */
  byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          out.writeByteArray(1, key);
          out.writeByteArray(2, value);
          if (!timeReceived.isEmpty()) {
            out.writeString(5, timeReceived);
          }
        });
  }

  /**
   * Decodes a {@code Record}; absent fields decode as empty.
   *
   * @throws KadProtocolException if the bytes are not a valid {@code Record}
   */
  static KadRecord decode(byte[] bytes) {
    byte[] key = new byte[0];
    byte[] value = new byte[0];
    String time = "";
    ProtoReader in = new ProtoReader(bytes, "kad Record", KadProtocolException::new);
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      switch (ProtoReader.field(tag)) {
        case 1 -> key = in.readBytes(tag, "key");
        case 2 -> value = in.readBytes(tag, "value");
        case 5 -> time = in.readString(tag, "timeReceived");
        default -> in.skip(tag);
      }
    }
    return new KadRecord(key, value, time);
  }

  /** Two records are equal when their keys, values and times are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof KadRecord r
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value)
        && timeReceived.equals(r.timeReceived);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(key) * 31 + Arrays.hashCode(value)) * 31 + timeReceived.hashCode();
  }

  /** Returns the key and value in hex (the value cut to 32 bytes) and the time. */
  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    String v =
        value.length <= 32
            ? hex.formatHex(value)
            : hex.formatHex(value, 0, 32) + "...(" + value.length + " bytes)";
    return "KadRecord[key="
        + hex.formatHex(key)
        + ", value="
        + v
        + ", timeReceived="
        + timeReceived
        + "]";
  }
}
