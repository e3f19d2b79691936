/**
 * Kameo remote: remote actors on the libp2p host of {@code io.kameo.libp2p}.
 *
 * <p>{@link io.kameo.remote} is the API: the {@link io.kameo.remote.ActorSwarm} that serves local
 * actors to other nodes and finds theirs by name, {@link io.kameo.remote.RemoteActorRef}, and the
 * registry's types; {@link io.kameo.remote.error} the ways a remote send or registration fails. The
 * actor protocol and the registry live in {@code io.kameo.remote.internal.*}, which this module
 * does not export. The packages form no cycle: the internals depend on {@code error} (the failures
 * they raise), and only the API package on the internals.
 */
module io.kameo.remote {
  requires transitive org.slf4j;
  requires transitive io.kameo.core;
  requires transitive io.kameo.libp2p;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires com.google.protobuf;
  requires jdk.jfr;

  exports io.kameo.remote;
  exports io.kameo.remote.error;
}
