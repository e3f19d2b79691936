/**
 * INTERNAL API. The actor registry: signed per-node entries ({@link
 * io.kameo.remote.internal.registry.RegistryEntry}) gathered per name in the DHT ({@link
 * io.kameo.remote.internal.registry.NameRecord}), the rules every storing node keeps for the {@code
 * /kameo/} namespace ({@link io.kameo.remote.internal.registry.RegistryValidator}), and one node's
 * side of the registry: publishing, renewal, withdrawal, lookups and watches ({@link
 * io.kameo.remote.internal.registry.NodeRegistry}).
 */
package io.kameo.remote.internal.registry;
