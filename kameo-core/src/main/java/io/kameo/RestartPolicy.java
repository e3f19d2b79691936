package io.kameo;

/**
 * When a {@link Supervisor} restarts one of its children after the child stopped.
 *
 * <p>A stop the child was asked for is final under every policy: {@link ActorRef#stopGracefully},
 * {@link ActorRef#kill}, {@link Context#stop}, and its supervisor's own stop. The policies decide
 * only for the other stops: a panic (a handler, {@code onStart}, {@code onPanic} or {@code
 * onLinkDied} threw, or {@code onPanic} chose to stop) and a stop chosen by {@link
 * Actor#onLinkDied}.
 */
public enum RestartPolicy {
  /** Restarted after every such stop, whatever its reason (OTP's {@code permanent}). */
  PERMANENT,

  /**
   * Restarted only after an abnormal stop: not when the reason is {@link StopReason#NORMAL} (OTP's
   * {@code transient}).
   */
  TRANSIENT,

  /**
   * Never restarted, not even when a sibling's failure restarts the others; released once it
   * stopped (OTP's {@code temporary}).
   */
  TEMPORARY
}
