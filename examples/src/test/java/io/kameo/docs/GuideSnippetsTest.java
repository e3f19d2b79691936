package io.kameo.docs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.ControlFlow;
import io.kameo.DelegatedReply;
import io.kameo.Mailbox;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.ReplyRecipient;
import io.kameo.SendException;
import io.kameo.ShutdownResult;
import io.kameo.StopReason;
import io.kameo.annotations.Handler;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerAddresses;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.test.ActorTestKit;
import io.kameo.test.KameoExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The code the user guide (docs/guide) and the README quote. {@link DocsTest} checks that every
 * Java block in the docs appears in a compiled source, so the docs cannot drift from the API.
 */
@ExtendWith(KameoExtension.class)
class GuideSnippetsTest {

  // --- core concepts and the README -------------------------------------------------------------

  @Test
  void readme_tour() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    counter.tell(new Inc(1)); // fire and forget
    long count = counter.ask(new Inc(41)); // request/reply: 42, typed, no cast
    CompletableFuture<Long> later = counter.askAsync(new Inc(1));
    assertEquals(42, count);
    assertEquals(43, later.get());

    counter.stopGracefully(); // handle what is queued, then stop
    ShutdownResult result = counter.waitForShutdown(); // returns after onStop has finished
    assertEquals(StopReason.NORMAL, result.reason());

    ActorRef<Counter> named =
        Actor.builder(new Counter()).mailbox(Mailbox.unbounded()).name("counter").spawn();
    assertEquals("counter", named.name());
  }

  // --- actors: lifecycle ------------------------------------------------------------------------

  record Connect() implements Message<Session, Void> {}

  record Query(String sql) implements Message<Session, String> {}

  static final class Session implements Actor<Session> {
    private final List<String> log = new ArrayList<>();
    private boolean connected;

    @Override
    public void onStart(ActorRef<Session> self) {
      // Handled before any message from outside, even ones already queued.
      self.tell(new Connect());
    }

    @Handler
    void connect(Connect msg) {
      connected = true;
      log.add("connected");
    }

    @Handler
    String query(Query msg) {
      return connected ? "rows for " + msg.sql() : "not connected";
    }

    @Override
    public void onStop(ActorRef<Session> self, StopReason reason) {
      log.add("closed: " + reason); // runs on every stop after a successful onStart
    }
  }

  @Test
  void lifecycle(ActorTestKit kit) {
    ActorRef<Session> session = kit.spawn(new Session());
    assertEquals("rows for select 1", session.ask(new Query("select 1")));
    session.kill();
    kit.expectStopped(session, StopReason.Killed.class);
  }

  // --- actors: spawn options --------------------------------------------------------------------

  @Test
  void spawn_options() {
    ActorRef<Counter> supervisor = Actor.spawn(new Counter());
    ActorRef<Counter> worker =
        Actor.builder(new Counter())
            .name("worker") // thread name and logs: worker-<id>
            .mailbox(Mailbox.bounded(1_000)) // default: bounded(64)
            .replyTimeout(Duration.ofSeconds(5)) // default for every ask
            .mailboxTimeout(Duration.ofSeconds(1)) // default wait for room in the mailbox
            .linkedTo(supervisor) // linked as it spawns: no failure falls between
            .spawn();
    ActorRef<Counter> cruncher = Actor.builder(new Counter()).platformThread().spawn();
    assertEquals(1, worker.ask(new Inc(1)));
    assertEquals(1, cruncher.ask(new Inc(1)));
    cruncher.stopGracefully();
  }

  // --- messages: protocols ----------------------------------------------------------------------

  interface Greeter {}

  record Hello(String name) implements Message<Greeter, String> {}

  static final class English implements Actor<English>, Greeter {
    @Handler
    String hello(Hello msg) {
      return "Hello, " + msg.name();
    }
  }

  static final class French implements Actor<French>, Greeter {
    @Handler
    String hello(Hello msg) {
      return "Bonjour, " + msg.name();
    }
  }

  @Test
  void protocols() {
    ActorRef<English> english = Actor.spawn(new English());
    ActorRef<French> french = Actor.spawn(new French());
    assertEquals("Hello, Ada", english.ask(new Hello("Ada")));
    assertEquals("Bonjour, Ada", french.ask(new Hello("Ada")));
  }

  // --- messages: tell and backpressure ----------------------------------------------------------

  record Job(int id) implements Message<Worker, Void> {}

  record Pause(CountDownLatch paused, CountDownLatch release) implements Message<Worker, Void> {}

  static final class Worker implements Actor<Worker> {
    @Handler
    void job(Job msg) {}

    @Handler
    void pause(Pause msg) throws InterruptedException {
      msg.paused().countDown();
      msg.release().await();
    }
  }

  @Test
  void backpressure() throws InterruptedException {
    ActorRef<Worker> worker = Actor.builder(new Worker()).mailbox(Mailbox.bounded(2)).spawn();
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    worker.tell(new Pause(paused, release));
    paused.await();
    worker.tell(new Job(1));
    worker.tell(new Job(2));

    boolean queued = worker.tryTell(new Job(3)); // false: the mailbox is full
    try {
      worker.tell(new Job(4), Duration.ofMillis(10)); // waits at most 10 ms for room
    } catch (SendException.Timeout e) {
      Job handedBack = (Job) e.message().orElseThrow();
      assertEquals(4, handedBack.id());
    }
    assertTrue(!queued);
    release.countDown();
  }

  // --- requests ---------------------------------------------------------------------------------

  @Test
  void requests() throws Exception {
    ActorRef<Counter> counter = Actor.spawn(new Counter());
    long n = counter.ask(new Inc(1)); // blocks this (virtual) thread until the reply

    CompletableFuture<Long> future = counter.askAsync(new Inc(1));
    future.thenAccept(total -> System.out.println("total " + total));

    long quick =
        counter
            .request(new Inc(1))
            .mailboxTimeout(Duration.ofMillis(100)) // wait at most this for room
            .replyTimeout(Duration.ofSeconds(2)) // then at most this for the reply
            .send();

    CompletableFuture<Long> now = counter.tryAsk(new Inc(1)); // fails at once if full
    assertEquals(1, n);
    assertEquals(3, quick);
    assertEquals(4, now.get());
    future.get();
  }

  // --- replies: delegate, forward, pipe ---------------------------------------------------------

  record Fetch(String url) implements Message<Crawler, String> {}

  record Summarize(String url) implements Message<Crawler, Integer> {}

  record Fetched(String url, String body) implements Message<Crawler, Void> {}

  record Length(String text) implements Message<Measurer, Integer> {}

  static final class Measurer implements Actor<Measurer> {
    @Handler
    Integer length(Length msg) {
      return msg.text().length();
    }
  }

  static final class Crawler implements Actor<Crawler> {
    private final ActorRef<Measurer> measurer;
    private final List<String> cache = new ArrayList<>();

    Crawler(ActorRef<Measurer> measurer) {
      this.measurer = measurer;
    }

    static CompletableFuture<String> download(String url) {
      return CompletableFuture.supplyAsync(() -> "<html>" + url + "</html>");
    }

    @Handler
    DelegatedReply<String> fetch(Fetch msg, Context<Crawler, String> ctx) {
      DelegatedReply<String> reply = ctx.delegate();
      reply.sender().ifPresent(sender -> download(msg.url()).thenAccept(sender::send));
      return reply; // the actor is free to handle its next message now
    }

    @Handler
    DelegatedReply<Integer> summarize(Summarize msg, Context<Crawler, Integer> ctx) {
      // The measurer answers our caller directly.
      return ctx.forward(measurer, new Length(msg.url()));
    }

    @Handler
    void fetched(Fetched msg) {
      cache.add(msg.body());
    }

    void prefetch(String url, Context<Crawler, ?> ctx) {
      ctx.pipeToSelf(download(url), (body, error) -> error == null ? new Fetched(url, body) : null);
    }
  }

  @Test
  void replies() {
    ActorRef<Crawler> crawler = Actor.spawn(new Crawler(Actor.spawn(new Measurer())));
    assertEquals("<html>a</html>", crawler.ask(new Fetch("a")));
    assertEquals(4, crawler.ask(new Summarize("abcd")));
  }

  // --- recipients -------------------------------------------------------------------------------

  @Test
  void recipients() {
    ActorRef<English> english = Actor.spawn(new English());
    ReplyRecipient<Hello, String> greeter = english.replyRecipient();
    Recipient<Hello> sink = english.recipient();
    sink.tell(new Hello("nobody waits for this one"));
    assertEquals("Hello, Bob", greeter.ask(new Hello("Bob")));
  }

  // --- links ------------------------------------------------------------------------------------

  record Crash() implements Message<Fragile, Void> {}

  static final class Fragile implements Actor<Fragile> {
    @Handler
    void crash(Crash msg) {
      throw new IllegalStateException("boom");
    }
  }

  static final class Supervisor implements Actor<Supervisor> {
    final List<String> seen = new ArrayList<>();

    @Override
    public ControlFlow onLinkDied(ActorRef<Supervisor> self, ActorId id, StopReason reason) {
      seen.add(id + " " + reason);
      // The default stops this actor too, unless the linked one stopped normally.
      return ControlFlow.CONTINUE;
    }
  }

  @Test
  void links(ActorTestKit kit) {
    ActorRef<Supervisor> supervisor = kit.spawn(new Supervisor());
    ActorRef<Fragile> a = kit.spawn(new Fragile());
    ActorRef<Fragile> b = kit.spawn(new Fragile());
    a.link(b); // both ways: if one dies, the other's onLinkDied runs
    b.link(supervisor);
    a.tell(new Crash()); // a panics; b stops with LinkDied; supervisor keeps running
    kit.expectStopped(a, StopReason.Panicked.class); // declared: the kit would report the panic
    kit.expectStopped(b, StopReason.LinkDied.class);
    assertTrue(supervisor.isAlive());
  }

  // --- errors and panics ------------------------------------------------------------------------

  record Divide(int by) implements Message<Calculator, Integer> {}

  static final class Calculator implements Actor<Calculator> {
    @Handler
    Integer divide(Divide msg) {
      return 100 / msg.by();
    }

    @Override
    public ControlFlow onPanic(ActorRef<Calculator> self, Throwable error) throws Exception {
      return error instanceof ArithmeticException
          ? ControlFlow.CONTINUE // keep the state and go on
          : Actor.super.onPanic(self, error); // the default: stop, Panicked(HANDLER, error)
    }
  }

  @Test
  void errors() {
    ActorRef<Calculator> calculator = Actor.spawn(new Calculator());
    try {
      calculator.ask(new Divide(0));
    } catch (SendException.HandlerFailed e) {
      System.out.println("failed: " + e.getCause()); // the ArithmeticException
    } catch (SendException.ActorNotRunning e) {
      System.out.println("not delivered: " + e.message().orElseThrow());
    } catch (SendException e) {
      System.out.println("no reply: " + e.getMessage()); // stopped, full, or timed out
    }
    assertEquals(50, calculator.ask(new Divide(2)));

    calculator.kill();
    String text =
        switch (calculator.waitForShutdown().reason()) {
          case StopReason.Normal n -> "stopped normally";
          case StopReason.Killed k -> "killed";
          case StopReason.Panicked p -> "failed in " + p.source() + ": " + p.error();
          case StopReason.LinkDied l -> "linked actor " + l.id() + " died: " + l.reason();
          case StopReason.PeerDisconnected d -> "lost the node " + d.peer();
        };
    assertEquals("killed", text);
    assertThrows(SendException.ActorNotRunning.class, () -> calculator.ask(new Divide(1)));

    ActorRef<Calculator> lenient = Actor.builder(new Calculator()).askExceptionsToCaller().spawn();
    SendException.HandlerFailed failed =
        assertThrows(SendException.HandlerFailed.class, () -> lenient.ask(new Divide(0)));
    assertInstanceOf(ArithmeticException.class, failed.getCause());
    assertEquals(25, lenient.ask(new Divide(4)), "still running");
  }

  // --- remote: the libp2p host ------------------------------------------------------------------

  @Test
  void remote_host() throws Exception {
    try (Host server = Libp2p.newHost(Keypair.generate());
        Host client = Libp2p.newHost(Keypair.generate())) {
      server.setStreamHandler(
          "/shout/1.0.0",
          stream -> {
            byte[] request = stream.readAll(1024, Duration.ofSeconds(5));
            stream.write(new String(request, UTF_8).toUpperCase().getBytes(UTF_8));
            stream.closeWrite();
          });
      Multiaddr address = server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));

      PeerId peer = client.dial(address.withPeerId(server.peerId())); // TCP, Noise, Yamux
      Duration rtt = client.ping(peer);
      Stream stream = client.newStream(peer, "/shout/1.0.0");
      stream.write("hello".getBytes(UTF_8));
      stream.closeWrite();
      String reply = new String(stream.readAll(1024, Duration.ofSeconds(5)), UTF_8); // "HELLO"

      assertEquals("HELLO", reply);
      assertTrue(rtt.isPositive());
    }
  }

  @Test
  void remote_dht() throws Exception {
    List<Host> hosts =
        List.of(Libp2p.newHost(Keypair.generate()), Libp2p.newHost(Keypair.generate()));
    Host seed = Libp2p.newHost(Keypair.generate());
    Multiaddr seedAddress =
        seed.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(seed.peerId());
    Dht seedDht = Libp2p.startDht(seed);
    try {
      Host alice = hosts.get(0);
      Host bob = hosts.get(1);
      alice.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      bob.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      Dht aliceDht = Libp2p.startDht(alice);
      Dht bobDht = Libp2p.startDht(bob);
      aliceDht.bootstrap(List.of(seedAddress)); // dial, join, look up our neighbours
      bobDht.bootstrap(List.of(seedAddress));

      byte[] key = "/app/greeter".getBytes(UTF_8);
      aliceDht.putValue(key, alice.peerId().toBytes()); // stored on the closest peers
      Optional<byte[]> found = bobDht.getValue(key); // found through the network
      PeerId greeter = PeerId.fromBytes(found.orElseThrow());
      Optional<PeerAddresses> where = bobDht.findPeer(greeter); // and where to dial it

      assertEquals(alice.peerId(), greeter);
      assertTrue(where.isPresent());
      aliceDht.close();
      bobDht.close();
    } finally {
      seedDht.close();
      seed.close();
      hosts.forEach(Host::close);
    }
  }
}
