package io.kameo.actors;

import java.util.Map;
import java.util.Objects;

/**
 * What a binding to a {@link ExchangeType#HEADERS} exchange asks of a message's headers: all of the
 * given headers with their values, or any one of them.
 *
 * @param headers the header names and values to look for
 * @param all true if every one must be present with its value, false if one is enough
 */
public record HeaderMatch(Map<String, String> headers, boolean all) {
  /** Copies {@code headers}; it must not be empty. */
  public HeaderMatch {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    if (headers.isEmpty()) {
      throw new IllegalArgumentException("a header match needs at least one header");
    }
  }

  /** Returns a match that needs every header of {@code headers} (AMQP's {@code x-match=all}). */
  public static HeaderMatch all(Map<String, String> headers) {
    return new HeaderMatch(headers, true);
  }

  /** Returns a match that needs one header of {@code headers} (AMQP's {@code x-match=any}). */
  public static HeaderMatch any(Map<String, String> headers) {
    return new HeaderMatch(headers, false);
  }

  /** Returns whether a message with {@code messageHeaders} satisfies this match. */
  public boolean matches(Map<String, String> messageHeaders) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      boolean present = h.getValue().equals(messageHeaders.get(h.getKey()));
      if (present != all) {
        return present;
      }
    }
    return all;
  }
}
