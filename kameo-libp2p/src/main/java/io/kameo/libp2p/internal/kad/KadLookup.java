package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * INTERNAL API. One iterative Kademlia lookup: asks the closest known peers for peers closer to a
 * target, {@code alpha} requests at a time, until the {@code k} closest peers it knows have all
 * answered, nothing is left to ask, the visitor is satisfied or the query time is up.
 *
 * <p>Runs on the caller's thread; requests run on the given executor. Failed peers are left out of
 * the result and reported to {@link Requester#failed}.
 */
final class KadLookup {
  /** Sends one request of the lookup and reports the outcome. */
  interface Requester {
    /** Sends the lookup's request to {@code peer}; returns the reply or throws. */
    KadMessage request(PeerId peer);

    /** {@code peer} answered. */
    void answered(PeerId peer, KadMessage reply);

    /** {@code peer} failed to answer. */
    void failed(PeerId peer, Exception cause);
  }

  private enum State {
    CANDIDATE,
    IN_FLIGHT,
    ANSWERED,
    FAILED
  }

  private record Outcome(PeerId peer, KadMessage reply, Exception failure) {}

  private KadLookup() {}

  /**
   * Runs the lookup.
   *
   * @param seeds the peers to start from (the routing table's closest)
   * @param visitor sees each reply; returning true ends the lookup early
   * @return the peers that answered, closest first, at most {@code k}
   */
  static List<PeerId> run(
      KadKey target,
      List<PeerId> seeds,
      PeerId self,
      int k,
      int alpha,
      long timeoutNanos,
      ExecutorService executor,
      Requester requester,
      Function<KadMessage, Boolean> visitor) {
    Map<PeerId, KadKey> keys = new HashMap<>();
    Comparator<PeerId> byDistance =
        Comparator.comparing(p -> keys.computeIfAbsent(p, KadKey::of), target.byDistance());
    Map<PeerId, State> states = new HashMap<>();
    for (PeerId p : seeds) {
      if (!p.equals(self)) {
        states.put(p, State.CANDIDATE);
      }
    }
    CompletionService<Outcome> replies = new ExecutorCompletionService<>(executor);
    List<Future<Outcome>> inFlight = new ArrayList<>();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (true) {
        List<PeerId> closest = closestAlive(states, byDistance, k);
        for (PeerId p : closest) {
          if (inFlight.size() >= alpha) {
            break;
          }
          if (states.get(p) == State.CANDIDATE) {
            states.put(p, State.IN_FLIGHT);
            inFlight.add(replies.submit(() -> ask(requester, p)));
          }
        }
        if (inFlight.isEmpty()) {
          break; // the k closest have all answered, or no one is left to ask
        }
        long left = deadline - System.nanoTime();
        Future<Outcome> done = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
        if (done == null) {
          break; // query time is up
        }
        inFlight.remove(done);
        Outcome outcome = done.get();
        if (outcome.failure != null) {
          states.put(outcome.peer, State.FAILED);
          requester.failed(outcome.peer, outcome.failure);
          continue;
        }
        states.put(outcome.peer, State.ANSWERED);
        requester.answered(outcome.peer, outcome.reply);
        for (KadPeer closer : outcome.reply.closerPeers()) {
          if (!closer.id().equals(self)) {
            states.putIfAbsent(closer.id(), State.CANDIDATE);
          }
        }
        if (visitor.apply(outcome.reply)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("kad lookup request crashed", e.getCause());
    } finally {
      for (Future<Outcome> f : inFlight) {
        f.cancel(true);
      }
    }
    List<PeerId> answered = new ArrayList<>();
    for (Map.Entry<PeerId, State> e : states.entrySet()) {
      if (e.getValue() == State.ANSWERED) {
        answered.add(e.getKey());
      }
    }
    answered.sort(byDistance);
    return answered.size() > k ? answered.subList(0, k) : answered;
  }

  private static Outcome ask(Requester requester, PeerId peer) {
    try {
      return new Outcome(peer, requester.request(peer), null);
    } catch (RuntimeException e) {
      return new Outcome(peer, null, e);
    }
  }

  private static List<PeerId> closestAlive(
      Map<PeerId, State> states, Comparator<PeerId> byDistance, int k) {
    List<PeerId> alive = new ArrayList<>();
    for (Map.Entry<PeerId, State> e : states.entrySet()) {
      if (e.getValue() != State.FAILED) {
        alive.add(e.getKey());
      }
    }
    alive.sort(byDistance);
    return alive.size() > k ? alive.subList(0, k) : alive;
  }
}
