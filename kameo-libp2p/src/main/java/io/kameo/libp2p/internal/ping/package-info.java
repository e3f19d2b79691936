/** INTERNAL API. The ping protocol ({@code /ipfs/ping/1.0.0}). */
package io.kameo.libp2p.internal.ping;
