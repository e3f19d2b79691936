package io.kameo.sim;

import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RecordValidator;
import io.kameo.libp2p.internal.kad.KadCore;
import io.kameo.libp2p.internal.kad.KadLookup;
import io.kameo.libp2p.internal.kad.KadMessage;
import io.kameo.libp2p.internal.kad.KadProtocolException;
import io.kameo.remote.internal.registry.NameRecord;
import io.kameo.remote.internal.registry.RegistryValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The simulated network and the simulator's DHT driver: it creates nodes (each a {@link KadCore}
 * with the registry's {@link RegistryValidator} on the simulated clock), delivers requests and
 * replies between them through the {@link EventLoop} with the {@link NetworkModel}'s latency and
 * loss, times requests out as a real node does ({@link DhtConfig#requestTimeout()}), and drives
 * {@link KadLookup}s ({@link DhtConfig#queryTimeout()}) and routing-table admission exactly where
 * {@code KadService} does over real streams.
 *
 * <p>Every random choice comes from one {@link SplittableRandom} seeded with the run's seed, in
 * event order; nothing iterates a hash map. Not thread-safe (the simulation has one thread).
 */
final class SimNetwork {
  /** What a request's sender learns: a reply, or null after a failure or the timeout. */
  interface Reply {
    void outcome(KadMessage reply);
  }

  final EventLoop loop = new EventLoop();
  final SimClock clock = new SimClock(loop);
  final DhtConfig config;
  final NetworkModel model;
  final long seed;
  final SplittableRandom random;
  private final Map<String, RecordValidator> validators;
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<PeerId, SimNode> byId = new HashMap<>();
  private final List<SimNode> live = new ArrayList<>();
  private final Map<SimNode, Integer> livePosition = new HashMap<>();

  long requestsSent;
  long messagesLost;
  long timeouts;

  SimNetwork(DhtConfig config, NetworkModel model, long seed) {
    this.config = config;
    this.model = model;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    MemoizedEd25519.install();
    loop.fixedDelay(config.requestTimeout().toNanos());
    loop.fixedDelay(config.queryTimeout().toNanos());
    this.validators = Map.of(NameRecord.NAMESPACE, new RegistryValidator(clock));
  }

  // ---------------------------------------------------------------- nodes

  /** Creates a live node with a key derived from the seed; it knows no one yet. */
  SimNode addNode() {
    int index = nodes.size();
    byte[] keySeed = new byte[32];
    SplittableRandom keys = new SplittableRandom(seed * 0x5DEECE66DL + index);
    for (int i = 0; i < keySeed.length; i += 8) {
      long v = keys.nextLong();
      for (int j = 0; j < 8; j++) {
        keySeed[i + j] = (byte) (v >>> (8 * j));
      }
    }
    SimNode node = new SimNode(index, Keypair.fromSeed(keySeed), model.slow(seed, index));
    node.core = new KadCore(node.id, config, validators, clock, book(node));
    nodes.add(node);
    byId.put(node.id, node);
    livePosition.put(node, live.size());
    live.add(node);
    return node;
  }

  private KadCore.PeerBook book(SimNode self) {
    return new KadCore.PeerBook() {
      @Override
      public List<Multiaddr> addresses(PeerId peer) {
        SimNode n = byId.get(peer);
        return n == null ? List.of() : n.addrs;
      }

      @Override
      public boolean isConnected(PeerId peer) {
        return false; // the simulation has no connections, only messages
      }

      @Override
      public void addAddress(PeerId peer, Multiaddr address) {
        // every node's address is in the directory already
      }

      @Override
      public List<Multiaddr> listenAddresses() {
        return self.addrs;
      }
    };
  }

  /** Kills {@code node} without a word: it stops answering and its pending work is dropped. */
  void kill(SimNode node) {
    if (!node.alive) {
      return;
    }
    node.alive = false;
    node.diedAt = loop.now();
    int at = livePosition.remove(node);
    SimNode last = live.remove(live.size() - 1);
    if (last != node) {
      live.set(at, last);
      livePosition.put(last, at);
    }
  }

  /** Returns the live nodes (in an order that depends only on the run). */
  List<SimNode> live() {
    return live;
  }

  /** Returns every node ever created, dead ones included, in creation order. */
  List<SimNode> nodes() {
    return nodes;
  }

  /** Returns a live node drawn from the run's random source. */
  SimNode randomLive() {
    return live.get(random.nextInt(live.size()));
  }

  // ---------------------------------------------------------------- messages

  /**
   * Sends {@code request} from {@code from} to {@code to}; {@code reply} gets the answer, or null
   * once the request failed or timed out ({@link DhtConfig#requestTimeout()}), exactly once, and
   * only while {@code from} lives.
   */
  void request(SimNode from, PeerId to, KadMessage request, Reply reply) {
    send(from, to, request, reply, true);
  }

  /**
   * Sends {@code request} as {@link #request} does; {@code dht} false for a liveness ping, which a
   * real node sends on the libp2p ping protocol, not the DHT's, so it answers without the DHT
   * seeing the sender (the simulation has no connections whose opening would announce it).
   */
  private void send(SimNode from, PeerId to, KadMessage request, Reply reply, boolean dht) {
    requestsSent++;
    // the pending reply, cleared by whichever of reply and timeout comes first: the timeout event
    // stays queued for the whole request timeout, and must not keep the caller's lookup alive
    Reply[] pending = {reply};
    loop.after(
        config.requestTimeout().toNanos(),
        () -> {
          Reply r = pending[0];
          if (r != null) {
            pending[0] = null;
            timeouts++;
            if (from.alive) {
              r.outcome(null);
            }
          }
        });
    SimNode target = byId.get(to);
    if (target == null || lost(from, target)) {
      return;
    }
    loop.after(
        latency(from, target),
        () -> {
          if (!target.alive) {
            return; // a dead node answers nothing: the sender times out
          }
          KadMessage answer;
          try {
            answer = dht ? serve(target, from.id, request) : request;
          } catch (KadProtocolException e) {
            answer = null; // a real node resets the stream: the sender fails at once
          }
          if (answer == null && request.type() == KadMessage.Type.ADD_PROVIDER) {
            return;
          }
          if (lost(target, from)) {
            return;
          }
          KadMessage delivered = answer;
          long back = latency(target, from) + (target.slow ? model.slowDelay().toNanos() : 0);
          loop.after(
              back,
              () -> {
                Reply r = pending[0];
                if (r != null) {
                  pending[0] = null;
                  if (from.alive) {
                    r.outcome(delivered);
                  }
                }
              });
        });
  }

  /**
   * Serves {@code request} at {@code node}: a requester not in the routing table is admitted first
   * (a real node checks its identify for the protocol; every simulated node serves the DHT).
   */
  private KadMessage serve(SimNode node, PeerId from, KadMessage request) {
    if (!node.core.table().contains(from)) {
      pingIfFull(node, from, node.core.admit(from));
    }
    return node.core.handle(from, request);
  }

  /** Pings a full bucket's {@code oldest} peer (if any), then keeps it or lets {@code peer} in. */
  void pingIfFull(SimNode node, PeerId peer, PeerId oldest) {
    if (oldest != null) {
      send(
          node,
          oldest,
          KadCore.request(KadMessage.Type.PING, new byte[0]),
          r -> {
            if (r != null) {
              node.core.keep(oldest);
            } else {
              node.core.evict(oldest, peer);
            }
          },
          false);
    }
  }

  private long latency(SimNode a, SimNode b) {
    long base = model.baseLatency(seed, a.index, b.index);
    return base + (long) (base * model.jitter() * random.nextDouble());
  }

  private boolean lost(SimNode a, SimNode b) {
    if (model.lossy(seed, a.index, b.index) && random.nextDouble() < model.lossRate()) {
      messagesLost++;
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- lookups

  /**
   * Runs a lookup of {@code key} at {@code node}, sending {@code request} to each peer it asks, as
   * {@code KadService} does; {@code done} gets the finished lookup (after the visitor was
   * satisfied, the lookup converged, or the query time was up), unless the node died meanwhile.
   */
  void lookup(
      SimNode node,
      byte[] key,
      KadMessage request,
      Predicate<KadMessage> visitor,
      Consumer<KadLookup> done) {
    KadLookup lookup = node.core.lookup(key, visitor);
    // the running lookup, cleared once it reported: the query timeout stays queued for the whole
    // query time (60 s, six times s1's lookup window) and must not keep finished lookups alive
    KadLookup[] running = {lookup};
    Runnable finish =
        () -> {
          KadLookup l = running[0];
          if (l != null && node.alive) {
            running[0] = null;
            done.accept(l);
          }
        };
    loop.after(
        config.queryTimeout().toNanos(),
        () -> {
          KadLookup l = running[0];
          if (l != null) {
            l.stop();
            finish.run();
          }
        });
    pump(node, lookup, request, finish);
  }

  private void pump(SimNode node, KadLookup lookup, KadMessage request, Runnable finish) {
    for (PeerId p : lookup.next()) {
      request(
          node,
          p,
          request,
          reply -> {
            if (reply == null) {
              node.core.failed(p);
              lookup.failed(p);
            } else {
              pingIfFull(node, p, node.core.answered(p, reply));
              lookup.answered(p, reply);
            }
            pump(node, lookup, request, finish);
          });
    }
    if (lookup.finished()) {
      finish.run();
    }
  }

  /**
   * Joins {@code node} through {@code bootstrap}, as {@code Dht.bootstrap} does: the bootstrap peer
   * enters the routing table, then the node looks itself up; {@code done} runs after that.
   */
  void join(SimNode node, SimNode bootstrap, Runnable done) {
    pingIfFull(node, bootstrap.id, node.core.admit(bootstrap.id));
    byte[] self = node.id.toBytes();
    lookup(
        node,
        self,
        KadCore.request(KadMessage.Type.FIND_NODE, self),
        r -> false,
        l -> refresh(node, node.core.bucketsToRefresh(), 0, done));
  }

  /** Looks up a random key in each of {@code buckets} from {@code next} on, one after the other. */
  private void refresh(SimNode node, List<Integer> buckets, int next, Runnable done) {
    if (next == buckets.size()) {
      done.run();
      return;
    }
    byte[] key = node.core.randomKeyInBucket(buckets.get(next), random);
    lookup(
        node,
        key,
        KadCore.request(KadMessage.Type.FIND_NODE, key),
        r -> false,
        l -> refresh(node, buckets, next + 1, done));
  }

  /**
   * Stores {@code value} under {@code key} from {@code node}, as {@code Dht.putValue} does: here,
   * then on the closest peers a FIND_NODE lookup finds; {@code done} gets the number of peers that
   * acknowledged, or -1 if the local store refused the value.
   */
  void putValue(SimNode node, byte[] key, byte[] value, Consumer<Integer> done) {
    KadMessage put;
    try {
      put =
          new KadMessage(
              KadMessage.Type.PUT_VALUE, key, node.core.putLocal(key, value), List.of(), List.of());
    } catch (IllegalArgumentException refused) {
      done.accept(-1);
      return;
    }
    lookup(
        node,
        key,
        KadCore.request(KadMessage.Type.FIND_NODE, key),
        r -> false,
        l -> {
          List<PeerId> closest = l.result();
          if (closest.isEmpty()) {
            done.accept(0);
            return;
          }
          int[] outcomes = new int[2]; // answered, all
          for (PeerId p : closest) {
            request(
                node,
                p,
                put,
                r -> {
                  if (r != null) {
                    outcomes[0]++;
                  }
                  if (++outcomes[1] == closest.size()) {
                    done.accept(outcomes[0]);
                  }
                });
          }
        });
  }
}
