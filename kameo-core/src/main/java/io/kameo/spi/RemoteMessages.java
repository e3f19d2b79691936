package io.kameo.spi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API: the registry of remotely callable handlers, which maps an actor class and a message
 * class to the ids peers use on the wire, and those ids back to the classes.
 *
 * <p>Entries come from the code that the {@code kameo-annotations} processor generates for each
 * {@code @RemoteActor} class: the static initializer of the class's generated handler table (see
 * {@link HandlerTables}) calls {@link #registerActor} and then {@link #register} once per
 * {@code @RemoteMessage} handler, with the ids resolved at compile time as string literals. The
 * lookups by class load that generated class first, so a class's entries are all there once it is
 * looked up; the lookups by id expect the actor's class to be loaded already (an actor of it was
 * spawned on this node). Applications never call this class.
 *
 * <p>All methods are thread-safe. Registration happens-before any lookup that sees its entry. A
 * lookup by class caches, per class, which class of its hierarchy is the remote one: register
 * manually (in tests) before the first lookup of a class. Entries are never removed, and an actor
 * id is bound to one {@code Class} object: the same class loaded again by another class loader
 * cannot register under the same id.
 *
 * <p>Methods throw {@link NullPointerException} for null arguments.
 */
public final class RemoteMessages {

  /*
   * Implementation notes.
   *
   * Writes are rare (class initialization) and go through one lock, so that the conflict checks and
   * the update of both indexes are atomic; each write replaces an immutable Registered snapshot in the
   * two ConcurrentHashMaps, which lookups read without locking. The lock is never held while a
   * class is loaded or initialized, so registering from a static initializer cannot deadlock with a
   * lookup that loads another generated class.
   *
   * find(actorClass, messageClass) picks, among the entries whose message class is a supertype of
   * messageClass, one that no other candidate is more specific than, the first registered on ties.
   * Generated code registers an actor's messages most specific first, in the order of its handler
   * table's switch cases, so this is the handler the table's switch would run.
   */

  /** One remotely callable handler. */
  public record Entry(
      Class<?> actorClass,
      String actorId,
      String messageId,
      Class<?> messageClass,
      Class<?> replyClass) {

    /**
     * Creates an entry.
     *
     * @param actorClass the concrete actor class whose generated table registered it
     * @param actorId the actor's {@code @RemoteActor} id
     * @param messageId the handler's {@code @RemoteMessage} id
     * @param messageClass the erased class of the message type the handler takes
     * @param replyClass the erased class of the message's reply type {@code R}: {@code Void.class}
     *     for {@code Void}, the raw class {@code List.class} for {@code List<String>}, {@code R}
     *     itself when the handler returns {@code DelegatedReply<R>}
     */
    public Entry {
      Objects.requireNonNull(actorClass, "actorClass");
      Objects.requireNonNull(actorId, "actorId");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(messageClass, "messageClass");
      Objects.requireNonNull(replyClass, "replyClass");
    }
  }

  /** One remote actor class's id and entries, replaced as a whole on each registration. */
  private record Registered(
      Class<?> actorClass,
      String actorId,
      Map<String, Entry> byMessageId,
      Map<Class<?>, Entry> byMessageClass,
      List<Entry> inOrder) {

    Registered with(Entry entry) {
      Map<String, Entry> ids = new HashMap<>(byMessageId);
      ids.put(entry.messageId(), entry);
      Map<Class<?>, Entry> classes = new HashMap<>(byMessageClass);
      classes.put(entry.messageClass(), entry);
      List<Entry> order = new ArrayList<>(inOrder);
      order.add(entry);
      return new Registered(
          actorClass, actorId, Map.copyOf(ids), Map.copyOf(classes), List.copyOf(order));
    }
  }

  private static final ReentrantLock WRITE = new ReentrantLock();
  private static final ConcurrentHashMap<Class<?>, Registered> BY_CLASS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Registered> BY_ID = new ConcurrentHashMap<>();

  /** The class of each class's hierarchy that has an actor id, itself included; empty if none. */
  private static final ClassValue<Optional<Class<?>>> REMOTE_CLASS =
      new ClassValue<>() {
        @Override
        protected Optional<Class<?>> computeValue(Class<?> type) {
          for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!BY_CLASS.containsKey(c)) {
              HandlerTables.loadGenerated(c);
            }
            if (BY_CLASS.containsKey(c)) {
              return Optional.of(c);
            }
          }
          return Optional.empty();
        }
      };

  private RemoteMessages() {}

  /**
   * Registers {@code actorId} as the remote id of {@code actorClass}; called by generated code,
   * also for a remote actor without remote messages. Registering the same pair again does nothing.
   *
   * @throws IllegalArgumentException if {@code actorId} is blank
   * @throws IllegalStateException if {@code actorClass} has another id, or {@code actorId} belongs
   *     to another class
   */
  public static void registerActor(Class<?> actorClass, String actorId) {
    Objects.requireNonNull(actorClass, "actorClass");
    requireId(actorId, "actorId");
    WRITE.lock();
    try {
      bind(actorClass, actorId);
    } finally {
      WRITE.unlock();
    }
  }

  /**
   * Registers a remotely callable handler of {@code actorClass} (and {@code actorId} as the class's
   * id, as {@link #registerActor} does); called by generated code. Registering an identical entry
   * again does nothing.
   *
   * @param replyClass the erased class of the reply type, as {@link Entry} describes it
   * @throws IllegalArgumentException if {@code actorId} or {@code messageId} is blank
   * @throws IllegalStateException if {@code actorClass} has another id, {@code actorId} belongs to
   *     another class, {@code messageId} is registered for the actor with another message or reply
   *     class, or {@code messageClass} is registered for the actor under another message id
   */
  public static void register(
      Class<?> actorClass,
      String actorId,
      String messageId,
      Class<?> messageClass,
      Class<?> replyClass) {
    Entry entry =
        new Entry(
            actorClass,
            requireId(actorId, "actorId"),
            requireId(messageId, "messageId"),
            messageClass,
            replyClass);
    WRITE.lock();
    try {
      Registered actor = bind(actorClass, actorId);
      Entry sameId = actor.byMessageId().get(messageId);
      if (sameId != null) {
        if (sameId.equals(entry)) {
          return;
        }
        throw new IllegalStateException(
            "message id \""
                + messageId
                + "\" of remote actor \""
                + actorId
                + "\" is already registered for message class "
                + sameId.messageClass().getName()
                + " with reply class "
                + sameId.replyClass().getName()
                + "; cannot register it for message class "
                + messageClass.getName()
                + " with reply class "
                + replyClass.getName());
      }
      Entry sameClass = actor.byMessageClass().get(messageClass);
      if (sameClass != null) {
        throw new IllegalStateException(
            "message class "
                + messageClass.getName()
                + " of remote actor \""
                + actorId
                + "\" is already registered with message id \""
                + sameClass.messageId()
                + "\"; cannot register it again as \""
                + messageId
                + "\"");
      }
      Registered updated = actor.with(entry);
      BY_CLASS.put(actorClass, updated);
      BY_ID.put(actorId, updated);
    } finally {
      WRITE.unlock();
    }
  }

  /**
   * Returns the {@code @RemoteActor} id of {@code actorClass}, or of its nearest superclass that
   * has one; empty if it is not a remote actor. Loads the generated classes of the hierarchy as
   * needed.
   */
  public static Optional<String> actorId(Class<?> actorClass) {
    return remote(actorClass).map(Registered::actorId);
  }

  /**
   * Returns the entry for sending a {@code messageClass} message to an actor of {@code actorClass}
   * (or of its nearest superclass with an actor id): the one for exactly {@code messageClass} or,
   * if there is none, for its most specific registered supertype, the handler that the actor's
   * handler table runs for it. Empty if the actor is not remote or no remote handler takes such a
   * message. Loads the generated classes of the hierarchy as needed.
   */
  public static Optional<Entry> find(Class<?> actorClass, Class<?> messageClass) {
    Objects.requireNonNull(messageClass, "messageClass");
    Optional<Registered> found = remote(actorClass);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Registered actor = found.get();
    Entry exact = actor.byMessageClass().get(messageClass);
    if (exact != null) {
      return Optional.of(exact);
    }
    Entry best = null;
    for (Entry entry : actor.inOrder()) {
      if (entry.messageClass().isAssignableFrom(messageClass)
          && (best == null || best.messageClass().isAssignableFrom(entry.messageClass()))) {
        // the first candidate, unless a later one is more specific (message classes are distinct)
        best = entry;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the entry for an incoming message: the handler with {@code messageId} of the actor
   * class with {@code actorId}. Loads nothing: the actor's class must have been initialized (an
   * actor of it was spawned on this node, or it was looked up by class).
   */
  public static Optional<Entry> find(String actorId, String messageId) {
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(messageId, "messageId");
    Registered actor = BY_ID.get(actorId);
    return actor == null
        ? Optional.empty()
        : Optional.ofNullable(actor.byMessageId().get(messageId));
  }

  private static Optional<Registered> remote(Class<?> actorClass) {
    Objects.requireNonNull(actorClass, "actorClass");
    Registered direct = BY_CLASS.get(actorClass);
    if (direct != null) {
      return Optional.of(direct);
    }
    return REMOTE_CLASS.get(actorClass).map(BY_CLASS::get);
  }

  /** Binds {@code actorId} to {@code actorClass}, or checks the existing binding; under WRITE. */
  private static Registered bind(Class<?> actorClass, String actorId) {
    Registered byClass = BY_CLASS.get(actorClass);
    if (byClass != null) {
      if (!byClass.actorId().equals(actorId)) {
        throw new IllegalStateException(
            "actor class "
                + actorClass.getName()
                + " is already registered with remote actor id \""
                + byClass.actorId()
                + "\"; cannot register it as \""
                + actorId
                + "\"");
      }
      return byClass;
    }
    Registered byId = BY_ID.get(actorId);
    if (byId != null) {
      throw new IllegalStateException(
          "remote actor id \""
              + actorId
              + "\" is already registered for actor class "
              + describe(byId.actorClass())
              + "; cannot register it for actor class "
              + describe(actorClass)
              + ": remote actor ids must be unique");
    }
    Registered actor = new Registered(actorClass, actorId, Map.of(), Map.of(), List.of());
    BY_CLASS.put(actorClass, actor);
    BY_ID.put(actorId, actor);
    return actor;
  }

  /** Names a class, and its loader when that is what tells two classes of one name apart. */
  private static String describe(Class<?> type) {
    return type.getName() + " (class loader " + type.getClassLoader() + ")";
  }

  private static String requireId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank: \"" + id + "\"");
    }
    return id;
  }
}
