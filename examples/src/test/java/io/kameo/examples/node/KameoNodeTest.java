package io.kameo.examples.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.runtime.Libp2p;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node's commands, run in-process: serve, then ping and identify it. */
class KameoNodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SEED =
      "0101010101010101010101010101010101010101010101010101010101010101";

  /** The peer id js-libp2p derives from {@link #SEED} with generateKeyPairFromSeed('Ed25519'). */
  private static final String SEED_PEER_ID = "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5";

  record Result(int code, JsonNode json) {}

  private static Result command(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = KameoNode.run(args, new java.io.ByteArrayInputStream(new byte[0]), out, h -> {});
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), "exactly one line: " + text);
    return new Result(code, JSON.readTree(text));
  }

  @Test
  void serve_prints_its_address_then_answers_ping_and_identify_until_stdin_closes()
      throws Exception {
    Serving serving = serve("--seed", SEED);
    assertEquals(SEED_PEER_ID, serving.peerId());
    String addr = serving.addr();
    assertTrue(addr.matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + SEED_PEER_ID), addr);

    Result ping = command("ping", addr);
    assertEquals(0, ping.code(), ping.json().toString());
    assertTrue(ping.json().get("rttMicros").asLong() > 0, ping.json().toString());

    Result identify = command("identify", addr);
    assertEquals(0, identify.code(), identify.json().toString());
    assertEquals("kameo-java/0.1.0", identify.json().get("agentVersion").asText());
    assertTrue(identify.json().get("protocols").toString().contains("/ipfs/ping/1.0.0"));
    // a Kameo node's DHT speaks its own protocol id, never the public IPFS one
    assertTrue(identify.json().get("protocols").toString().contains("/kameo/registry/1.0.0"));
    assertFalse(identify.json().get("protocols").toString().contains("/ipfs/kad/1.0.0"));
    assertEquals(
        addr.replace("/p2p/" + SEED_PEER_ID, ""),
        identify.json().get("listenAddrs").get(0).asText());

    serving.stdin().close();
    assertEquals(0, serving.exit().get(10, TimeUnit.SECONDS));
  }

  /** A node started with {@code serve}: what it printed, and its stdin to stop it. */
  record Serving(
      String peerId, String addr, PipedOutputStream stdin, CompletableFuture<Integer> exit) {}

  private static Serving serve(String... extra) throws Exception {
    PipedOutputStream stdinWriter = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(stdinWriter);
    PipedInputStream stdoutReader = new PipedInputStream(1 << 16);
    PrintStream stdout =
        new PrintStream(new PipedOutputStream(stdoutReader), true, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("serve", "--listen", "/ip4/127.0.0.1/tcp/0"));
    args.addAll(List.of(extra));
    // a thread of its own: the common pool may have a single worker on a small machine
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> KameoNode.run(args.toArray(String[]::new), stdin, stdout, h -> {}),
            task -> Thread.ofVirtual().start(task));
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stdoutReader, StandardCharsets.UTF_8));
    JsonNode served = JSON.readTree(lines.readLine());
    return new Serving(
        served.get("peerId").asText(), served.get("addrs").get(0).asText(), stdinWriter, exit);
  }

  @Test
  void serve_bootstraps_its_dht_from_the_bootstrap_peers() throws Exception {
    Serving first = serve();
    Serving second = serve("--bootstrap", first.addr());
    try (Host probe = Libp2p.newHost(Keypair.generate())) {
      Dht dht = Libp2p.startDht(probe);
      PeerId firstPeer = Multiaddr.parse(first.addr()).peerId().orElseThrow();
      // the probe knows only the second node; the first is found through the second's table
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      do {
        dht.bootstrap(List.of(Multiaddr.parse(second.addr())));
      } while (!dht.routingTable().contains(firstPeer) && System.nanoTime() < deadline);
      assertTrue(dht.routingTable().contains(firstPeer), "found through the second node");
      dht.close();
    } finally {
      first.stdin().close();
      second.stdin().close();
    }
    assertEquals(0, first.exit().get(10, TimeUnit.SECONDS));
    assertEquals(0, second.exit().get(10, TimeUnit.SECONDS));
  }

  @Test
  void the_launcher_script_is_executable_bash() throws Exception {
    java.nio.file.Path script = java.nio.file.Path.of("kameo-node");
    assertTrue(java.nio.file.Files.isExecutable(script), script.toAbsolutePath().toString());
    Process check = new ProcessBuilder("bash", "-n", script.toString()).inheritIO().start();
    assertTrue(check.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), "bash -n kameo-node");
  }

  @Test
  void an_unknown_command_is_a_usage_error() throws Exception {
    Result r = command("frobnicate");
    assertEquals(KameoNode.USAGE, r.code());
    assertTrue(r.json().get("error").asText().contains("'frobnicate'"), r.json().toString());
    assertTrue(r.json().get("error").asText().contains("kameo-node --help"), r.json().toString());
  }

  @Test
  void a_missing_required_option_is_a_usage_error_naming_it() throws Exception {
    Result r = command("ask", "--name", "counter", "--inc", "1");
    assertEquals(KameoNode.USAGE, r.code());
    assertTrue(r.json().get("error").asText().contains("--bootstrap"), r.json().toString());
    assertTrue(
        r.json().get("error").asText().contains("kameo-node ask --help"), r.json().toString());
  }

  @Test
  void help_lists_every_command() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = KameoNode.run(new String[] {"--help"}, InputStream.nullInputStream(), out, h -> {});
    assertEquals(0, code);
    String help = bytes.toString(StandardCharsets.UTF_8);
    for (String command : List.of("serve", "ask", "ping", "identify", "generate-completion")) {
      assertTrue(help.contains(command), help);
    }
  }

  @Test
  void serve_registers_a_counter_that_ask_finds_and_increments() throws Exception {
    Serving serving = serve("--register-counter", "visits");
    try {
      Result first =
          command("ask", "--bootstrap", serving.addr(), "--name", "visits", "--inc", "2");
      assertEquals(0, first.code(), first.json().toString());
      assertEquals("{\"name\":\"visits\",\"count\":2}", first.json().toString());
      Result second =
          command("ask", "--bootstrap", serving.addr(), "--name", "visits", "--inc", "3");
      assertEquals(5, second.json().get("count").asLong(), second.json().toString());
      Result none = command("ask", "--bootstrap", serving.addr(), "--name", "nobody", "--inc", "1");
      assertEquals(KameoNode.FAILED, none.code());
      assertTrue(none.json().get("error").asText().contains("\"nobody\""), none.json().toString());
    } finally {
      serving.stdin().close();
    }
    assertEquals(0, serving.exit().get(10, TimeUnit.SECONDS));
  }

  @Test
  void ping_of_a_closed_port_prints_an_error_and_fails() throws Exception {
    Result r = command("ping", "/ip4/127.0.0.1/tcp/1/p2p/" + SEED_PEER_ID);
    assertEquals(KameoNode.FAILED, r.code());
    assertTrue(r.json().get("error").asText().contains("cannot connect"), r.json().toString());
  }

  @Test
  void ping_without_a_peer_id_is_a_usage_error() throws Exception {
    Result r = command("ping", "/ip4/127.0.0.1/tcp/1");
    assertEquals(KameoNode.USAGE, r.code());
    assertTrue(r.json().get("error").asText().contains("/p2p/"), r.json().toString());
  }

  @Test
  void a_bad_multiaddr_is_a_usage_error_naming_the_value_and_the_option() throws Exception {
    Result r = command("serve", "--listen", "/ip4/127.0.0.1/tcpp/1");
    assertEquals(KameoNode.USAGE, r.code());
    String error = r.json().get("error").asText();
    assertTrue(error.contains("--listen"), error);
    assertTrue(error.contains("bad multiaddr \"/ip4/127.0.0.1/tcpp/1\""), error);
    assertTrue(error.contains("kameo-node serve --help"), error);
  }

  @Test
  void a_short_seed_and_a_non_numeric_inc_are_usage_errors_saying_why() throws Exception {
    Result seed = command("serve", "--listen", "/ip4/127.0.0.1/tcp/0", "--seed", "abcd");
    assertEquals(KameoNode.USAGE, seed.code());
    assertTrue(
        seed.json().get("error").asText().contains("--seed must be 64 hex digits, got 4"),
        seed.json().toString());
    Result inc =
        command(
            "ask",
            "--bootstrap",
            "/ip4/127.0.0.1/tcp/1/p2p/" + SEED_PEER_ID,
            "--name",
            "c",
            "--inc",
            "five");
    assertEquals(KameoNode.USAGE, inc.code());
    assertTrue(inc.json().get("error").asText().contains("'five'"), inc.json().toString());
    assertTrue(inc.json().get("error").asText().contains("--inc"), inc.json().toString());
  }

  @Test
  void command_help_describes_its_options_and_exits_0() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        KameoNode.run(
            new String[] {"serve", "--help"}, InputStream.nullInputStream(), out, h -> {});
    assertEquals(0, code);
    String help = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(help.startsWith("Usage: kameo-node serve"), help);
    for (String option : List.of("--listen", "--seed", "--bootstrap", "--register-counter")) {
      assertTrue(help.contains(option), help);
    }
  }

  @Test
  void generate_completion_prints_a_bash_script_that_completes_commands_and_options()
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code =
        KameoNode.run(
            new String[] {"generate-completion"}, InputStream.nullInputStream(), out, h -> {});
    assertEquals(0, code);
    String script = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(script.contains("complete -F _complete_kameo-node"), script);
    for (String word : List.of("serve", "ask", "ping", "identify", "--register-counter")) {
      assertTrue(script.contains(word), word);
    }
    // the script is valid bash
    java.nio.file.Path file = java.nio.file.Files.createTempFile("kameo-node", ".bash");
    try {
      java.nio.file.Files.writeString(file, script);
      Process check = new ProcessBuilder("bash", "-n", file.toString()).inheritIO().start();
      assertTrue(check.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, check.exitValue(), "bash -n on the completion script");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
