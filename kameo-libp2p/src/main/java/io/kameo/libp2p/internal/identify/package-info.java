/** INTERNAL API. The identify protocol ({@code /ipfs/id/1.0.0}) message, encoded by hand. */
package io.kameo.libp2p.internal.identify;
