package io.kameo.examples.chat;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.Recipient;
import io.kameo.annotations.Handler;
import io.kameo.annotations.RemoteActor;
import io.kameo.annotations.RemoteMessage;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.RemoteException;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.NameEvent;
import io.kameo.remote.NameWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A chat room across nodes, one participant per process: each participant's inbox actor joins the
 * group {@code chat:<room>} in the DHT, a watch of the group keeps the list of members, and each
 * line typed on standard input is told to every member, this participant's own inbox included.
 *
 * <pre>
 * ChatExample --name alice --listen /ip4/127.0.0.1/tcp/4002 [--bootstrap &lt;multiaddr&gt;]... [--room lobby]
 * </pre>
 *
 * <p>It prints {@code ready <address>} once it listens, {@code members <n>} whenever the room's
 * membership changes, and {@code <from>: <text>} for each line said in the room; it leaves the room
 * and exits when its standard input ends. The members are held as {@link Recipient}s of {@link
 * Said}: the code that posts neither knows nor cares which node each lives on.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Join a chat room across nodes; each input line is said to the room.")
public final class ChatExample implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ChatExample.class);

  /** A line said in the room by {@code from}. */
  public record Said(String from, String text) implements Message<Inbox, Void> {}

  /** A participant's inbox: prints what is said in the room. */
  @RemoteActor("kameo.examples.chat.Inbox")
  public static final class Inbox implements Actor<Inbox> {
    private final PrintStream out;

    /** An inbox that prints to {@code out}. */
    public Inbox(PrintStream out) {
      this.out = out;
    }

    @Handler
    @RemoteMessage("2b7f3c0e-1d4a-4e8b-9c65-7a0f5e2d9b13")
    void said(Said m) {
      out.println(m.from() + ": " + m.text());
      out.flush();
    }
  }

  @Option(names = "--name", required = true, description = "Your name in the room.")
  String name;

  @Option(
      names = "--listen",
      defaultValue = "/ip4/127.0.0.1/tcp/0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--bootstrap", description = "A node of the network (repeatable).")
  List<String> bootstrap = new ArrayList<>();

  @Option(names = "--room", defaultValue = "lobby", description = "The room (default: lobby).")
  String room;

  private final InputStream stdin;
  private final PrintStream stdout;

  private ChatExample(InputStream stdin, PrintStream stdout) {
    this.stdin = stdin;
    this.stdout = stdout;
  }

  /** Runs a participant on {@code args}; returns when {@code stdin} ends. */
  public static int run(String[] args, InputStream stdin, PrintStream stdout) {
    return new CommandLine(new ChatExample(stdin, stdout)).execute(args);
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out));
  }

  @Override
  public Integer call() throws IOException {
    List<Multiaddr> peers = bootstrap.stream().map(Multiaddr::parse).toList();
    try (ActorSwarm swarm =
        ActorSwarm.bootstrap(Keypair.generate(), Multiaddr.parse(listen), peers)) {
      String group = "chat:" + room;
      ActorRef<Inbox> inbox = Actor.spawn(new Inbox(stdout));
      Set<Recipient<Said>> members = ConcurrentHashMap.newKeySet();
      NameWatch watch =
          swarm.watch(
              group,
              Inbox.class,
              event -> {
                boolean changed =
                    switch (event) {
                      case NameEvent.Joined<Inbox> j -> members.add(j.actor().recipient());
                      case NameEvent.Left<Inbox> l -> members.remove(l.actor().recipient());
                    };
                if (changed) {
                  say("members " + members.size());
                }
              });
      try {
        swarm.join(inbox, group);
        say("ready " + swarm.addresses().get(0));
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          post(members, new Said(name, line));
        }
      } finally {
        watch.close();
      }
      // leaves the room: the stopped inbox's membership is withdrawn, and closing the swarm waits
      // until that withdrawal is stored, so the others' watches see it within a watch interval
      inbox.stopGracefully();
      inbox.waitForShutdown();
      return 0;
    }
  }

  /** Tells every member; one that cannot be reached does not keep the others from hearing. */
  static void post(Set<Recipient<Said>> members, Said said) {
    for (Recipient<Said> member : members) {
      try {
        member.tell(said);
      } catch (RemoteException e) {
        LOG.warn("{} did not get the message: {}", member.id(), e.getMessage());
      }
    }
  }

  private void say(String line) {
    stdout.println(line); // PrintStream writes each line whole
    stdout.flush();
  }
}
