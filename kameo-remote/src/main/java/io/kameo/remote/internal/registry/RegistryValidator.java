package io.kameo.remote.internal.registry;

import io.kameo.libp2p.RecordValidator;
import java.time.Clock;
import java.util.Objects;

/**
 * INTERNAL API. The DHT rules of the {@code /kameo/} namespace: a {@code PUT_VALUE} there carries a
 * {@link NameRecord} of exactly one signed {@link RegistryEntry}, which the store merges into what
 * it holds by {@link NameRecord#accept}; a {@code GET_VALUE} serves the held record without its
 * expired entries. Every other value under {@code /kameo/} is refused. Thread-safe (stateless but
 * for the clock).
 */
public final class RegistryValidator implements RecordValidator {
  private final Clock clock;

  /** Creates a validator that tells expiry by {@code clock}. */
  public RegistryValidator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public byte[] accept(byte[] key, byte[] stored, byte[] incoming) {
    String name = NameRecord.nameOf(key);
    NameRecord put = NameRecord.decode(incoming);
    if (put.entries().size() != 1) {
      throw new IllegalArgumentException(
          "a registry put carries exactly one entry, not " + put.entries().size());
    }
    NameRecord held = NameRecord.empty();
    if (stored != null) {
      try {
        held = NameRecord.decode(stored);
      } catch (IllegalArgumentException e) {
        // only this validator writes the namespace, so this cannot happen; start afresh if it does
      }
    }
    NameRecord merged = held.accept(name, put.entries().get(0), clock.millis());
    if (merged == held && stored != null) {
      return stored;
    }
    byte[] encoded = merged.encode();
    if (encoded.length > NameRecord.MAX_BYTES) {
      throw new IllegalArgumentException(
          "the record of \"" + name + "\" would exceed " + NameRecord.MAX_BYTES + " bytes");
    }
    return encoded;
  }

  @Override
  public byte[] serve(byte[] key, byte[] value) {
    try {
      NameRecord live = NameRecord.decode(value).live(clock.millis());
      return live.entries().isEmpty() ? null : live.encode();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
