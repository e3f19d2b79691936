package io.kameo.remote.error;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import java.io.Serial;

/**
 * A name could not be registered because another live registration holds it: an exclusive one
 * ({@link io.kameo.remote.ActorSwarm#register}) on this or another node, or a group ({@link
 * io.kameo.remote.ActorSwarm#join}) when an exclusive registration was asked for, or the other way
 * round. A holder whose node died keeps the name until its registration expires ({@link
 * io.kameo.remote.RegistryConfig#recordTtl()}).
 */
public final class NameTakenException extends RemoteException {
  @Serial private static final long serialVersionUID = 1L;

  private final String name;
  private final transient PeerId holder;

  /** Creates an exception for {@code name}, held by {@code holder}, with a message that says so. */
  public NameTakenException(String name, PeerId holder, String message) {
    super(message, null);
    this.name = name;
    this.holder = holder;
  }

  /** Returns the name that is taken. */
  public String name() {
    return name;
  }

  /**
   * Returns the node that holds the name, or null if a DHT store refused the registration without
   * naming the holder (the message then says why).
   */
  public PeerId holder() {
    return holder;
  }
}
