package io.kameo;

/**
 * The actor instances that are running now, compared by identity, so that one instance is never
 * spawned as two actors. Process-wide; any thread.
 */
final class RunningInstances {
  /*
   * A set of objects by identity in striped open-addressing tables: linear probing, backward-shift
   * deletion, doubling at half load. Each running actor costs one array slot (about 8 bytes at the
   * load kept), no entry object; a hash map of identity wrappers cost 48 bytes per actor. The
   * stripe is chosen by the identity hash's high bits and the slot by its low bits, so the two are
   * independent. Each stripe's monitor guards only a few array operations, never blocking code.
   */
  private static final int STRIPE_BITS = 6;
  private static final Stripe[] STRIPES = new Stripe[1 << STRIPE_BITS];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new Stripe();
    }
  }

  private RunningInstances() {}

  /** Adds {@code instance}; returns false if it is already in the set. */
  static boolean add(Object instance) {
    int hash = mix(System.identityHashCode(instance));
    return STRIPES[hash >>> (32 - STRIPE_BITS)].add(instance, hash);
  }

  /** Removes {@code instance} if it is in the set. */
  static void remove(Object instance) {
    int hash = mix(System.identityHashCode(instance));
    STRIPES[hash >>> (32 - STRIPE_BITS)].remove(instance, hash);
  }

  private static int mix(int h) {
    return h * 0x9E3779B9; // spreads the identity hash over all 32 bits
  }

  private static final class Stripe {
    private Object[] slots = new Object[16];
    private int size;

    synchronized boolean add(Object instance, int hash) {
      int mask = slots.length - 1;
      for (int i = hash & mask; slots[i] != null; i = (i + 1) & mask) {
        if (slots[i] == instance) {
          return false;
        }
      }
      if (++size * 2 > slots.length) {
        grow();
        mask = slots.length - 1;
      }
      int i = hash & mask;
      while (slots[i] != null) {
        i = (i + 1) & mask;
      }
      slots[i] = instance;
      return true;
    }

    synchronized void remove(Object instance, int hash) {
      int mask = slots.length - 1;
      int i = hash & mask;
      while (slots[i] != instance) {
        if (slots[i] == null) {
          return;
        }
        i = (i + 1) & mask;
      }
      slots[i] = null;
      size--;
      // Backward-shift deletion: an entry later in the run moves into the gap unless its home
      // slot lies after the gap (cyclically), where a lookup would stop at the gap too early.
      int gap = i;
      for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
        int home = mix(System.identityHashCode(slots[j])) & mask;
        if (((j - home) & mask) >= ((j - gap) & mask)) {
          slots[gap] = slots[j];
          slots[j] = null;
          gap = j;
        }
      }
    }

    private void grow() {
      Object[] old = slots;
      slots = new Object[old.length * 2];
      int mask = slots.length - 1;
      for (Object o : old) {
        if (o != null) {
          int i = mix(System.identityHashCode(o)) & mask;
          while (slots[i] != null) {
            i = (i + 1) & mask;
          }
          slots[i] = o;
        }
      }
    }
  }
}
