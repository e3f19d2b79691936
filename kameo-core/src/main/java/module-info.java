/**
 * Kameo for Java: actors that each run on their own virtual thread, with bounded or unbounded
 * mailboxes, typed {@code ask} and {@code tell}, lifecycle hooks, panic safety and links.
 *
 * <p>{@link io.kameo} is the API; {@link io.kameo.registry} names actors in the process; {@link
 * io.kameo.stream} attaches streams to actors; {@link io.kameo.time} tells actors messages later.
 * {@link io.kameo.spi} is what the {@code kameo-annotations} processor generates code against;
 * applications do not call it.
 */
module io.kameo.core {
  requires transitive org.slf4j;
  requires jdk.jfr;

  exports io.kameo;
  exports io.kameo.spi;
  exports io.kameo.registry;
  exports io.kameo.stream;
  exports io.kameo.time;
}
