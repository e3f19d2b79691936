package io.kameo.actors.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * INTERNAL API. A pattern over dot-separated topics: {@code *} stands for exactly one segment, the
 * multi-segment wildcard ({@code **} for the broker, {@code #} for AMQP topic exchanges) for zero
 * or more. Other segments match themselves. Immutable; equal when the text and wildcard are.
 */
public final class TopicPattern {
  private static final String ONE = "*";

  private final String text;
  private final String many;
  private final String[] segments;

  private TopicPattern(String text, String many, String[] segments) {
    this.text = text;
    this.many = many;
    this.segments = segments;
  }

  /**
   * Parses {@code pattern}, whose multi-segment wildcard is {@code many}.
   *
   * @throws IllegalArgumentException if a segment is empty, or has a wildcard beside other text
   */
  public static TopicPattern parse(String pattern, String many) {
    Objects.requireNonNull(pattern, "pattern");
    String[] segments = split(pattern, "pattern");
    for (String s : segments) {
      boolean wild = s.contains(ONE) || s.contains(many);
      if (wild && !s.equals(ONE) && !s.equals(many)) {
        throw new IllegalArgumentException(
            "a wildcard must be a whole segment (" + ONE + " or " + many + "): " + pattern);
      }
    }
    return new TopicPattern(pattern, many, segments);
  }

  /**
   * Splits {@code topic} into its segments, checking it has no wildcard.
   *
   * @throws IllegalArgumentException if a segment is empty or contains {@code *} or {@code many}
   */
  public static String[] topic(String topic, String many) {
    Objects.requireNonNull(topic, "topic");
    String[] segments = split(topic, "topic");
    for (String s : segments) {
      if (s.contains(ONE) || s.contains(many)) {
        throw new IllegalArgumentException("a published topic has no wildcards: " + topic);
      }
    }
    return segments;
  }

  /** Returns whether this pattern matches the topic of {@code topic} segments. */
  public boolean matches(String[] topic) {
    // reach[j]: the first i pattern segments can match the first j topic segments
    boolean[] reach = new boolean[topic.length + 1];
    reach[0] = true;
    for (String p : segments) {
      boolean[] next = new boolean[topic.length + 1];
      if (p.equals(many)) {
        boolean any = false;
        for (int j = 0; j <= topic.length; j++) {
          any |= reach[j];
          next[j] = any;
        }
      } else {
        for (int j = 0; j < topic.length; j++) {
          next[j + 1] = reach[j] && (p.equals(ONE) || p.equals(topic[j]));
        }
      }
      reach = next;
    }
    return reach[topic.length];
  }

  /** Returns the pattern as written. */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicPattern other && other.text.equals(text) && other.many.equals(many);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + many.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String[] split(String s, String what) {
    String[] segments = s.split("\\.", -1);
    if (Arrays.stream(segments).anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a " + what + " has no empty segments: '" + s + "'");
    }
    return segments;
  }
}
