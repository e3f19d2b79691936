package io.kameo.remote;

import io.kameo.remote.error.RemoteSendException;

/**
 * How remote messages and replies are serialized: {@link #CBOR} (compact binary, the default) or
 * {@link #JSON} (text, easy to read in a packet capture). Both go through Jackson, with the same
 * annotations and modules; choose one with {@link ActorSwarmConfig#withFormat} or give a mapper of
 * either format to {@link ActorSwarmConfig#withObjectMapper}.
 *
 * <p>Every envelope and reply names its format (1 for CBOR, 2 for JSON). A node answers a message
 * in another format than its own with {@link RemoteSendException.Reason#FORMAT_MISMATCH} and does
 * not read it, so give every node of a network the same format.
 */
public enum PayloadFormat {
  /** RFC 8949 CBOR (Jackson's {@code jackson-dataformat-cbor}): the default. */
  CBOR,
  /** RFC 8259 JSON, UTF-8. */
  JSON
}
