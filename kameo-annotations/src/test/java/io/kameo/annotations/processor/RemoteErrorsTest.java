package io.kameo.annotations.processor;

import static io.kameo.annotations.processor.Snippets.compile;

import io.kameo.annotations.processor.Snippets.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each error the processor reports about {@code @RemoteActor} and {@code @RemoteMessage}: its exact
 * text and the line of the offending element or annotation. Each snippet fails with that one error
 * only.
 */
class RemoteErrorsTest {
  @TempDir Path dir;

  /**
   * A counter actor in package p, annotated with {@code classAnnotation} (none if empty), with the
   * given members, and messages Inc (Long) and Reset (Void).
   */
  static Source counter(String classAnnotation, String... members) {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteActor;",
            "import io.kameo.annotations.RemoteMessage;",
            ""));
    if (!classAnnotation.isEmpty()) {
      lines.add(classAnnotation);
    }
    lines.addAll(
        List.of(
            "final class Counter implements Actor<Counter> {",
            "  record Inc(long amount) implements Message<Counter, Long> {}",
            "  record Reset() implements Message<Counter, Void> {}",
            ""));
    lines.addAll(List.of(members));
    lines.add("}");
    return new Source("p.Counter", List.copyOf(lines));
  }

  /** An abstract actor class p.Base with a remote handler ping(Ping) of message id {@code id}. */
  static Source base(String id) {
    return Source.of(
        "p.Base",
        "package p;",
        "",
        "import io.kameo.Actor;",
        "import io.kameo.Message;",
        "import io.kameo.annotations.Handler;",
        "import io.kameo.annotations.RemoteMessage;",
        "",
        "abstract class Base<A extends Base<A>> implements Actor<A> {",
        "  record Ping() implements Message<Base<?>, String> {}",
        "",
        "  @Handler",
        "  @RemoteMessage(\"" + id + "\")",
        "  String ping(Ping p) {",
        "    return \"pong\";",
        "  }",
        "}");
  }

  @Test
  void remote_message_on_a_method_without_handler_is_an_error() {
    Source source =
        counter(
            "@RemoteActor",
            "  @RemoteMessage(\"inc-id\")",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "@RemoteMessage method Counter.inc(Counter.Inc) is not a @Handler: only handlers can"
                + " be called remotely",
            source,
            "@RemoteMessage(\"inc-id\")");
  }

  @Test
  void blank_message_id_is_an_error() {
    Source source =
        counter(
            "@RemoteActor",
            "  @Handler",
            "  @RemoteMessage(\" \")",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "the @RemoteMessage id of handler Counter.inc(Counter.Inc) is blank: give it a unique"
                + " id, such as a random UUID",
            source,
            "@RemoteMessage(\" \")");
  }

  @Test
  void empty_message_id_is_an_error() {
    Source source =
        counter("@RemoteActor", "  @Handler", "  @RemoteMessage(\"\")", "  void reset(Reset m) {}");
    compile(dir, source)
        .failedWith(
            "the @RemoteMessage id of handler Counter.reset(Counter.Reset) is blank: give it a"
                + " unique id, such as a random UUID",
            source,
            "@RemoteMessage(\"\")");
  }

  @Test
  void blank_actor_id_is_an_error() {
    Source source = counter("@RemoteActor(\"\\t\")");
    compile(dir, source)
        .failedWith(
            "the @RemoteActor id of Counter is blank: leave it out to use the class's binary name,"
                + " or give a unique id",
            source,
            "@RemoteActor(");
  }

  @Test
  void two_handlers_with_one_message_id_is_an_error() {
    Source source =
        counter(
            "@RemoteActor",
            "  @Handler",
            "  @RemoteMessage(\"same-id\")",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }",
            "",
            "  @Handler",
            "  @RemoteMessage(\"same-id\") // again",
            "  void reset(Reset m) {}");
    compile(dir, source)
        .failedWith(
            "the @RemoteMessage id \"same-id\" of handler Counter.reset(Counter.Reset) is already"
                + " the id of handler Counter.inc(Counter.Inc): message ids must be unique within"
                + " an actor",
            source,
            "// again");
  }

  @Test
  void message_id_of_an_inherited_handler_used_again_is_an_error() {
    Source base = base("same-id");
    Source impl =
        Source.of(
            "p.Impl",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "@io.kameo.annotations.RemoteActor",
            "final class Impl extends Base<Impl> {",
            "  record Own() implements Message<Impl, String> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"same-id\")",
            "  String own(Own o) {",
            "    return \"own\";",
            "  }",
            "}");
    compile(dir, base, impl)
        .failedWith(
            "the @RemoteMessage id \"same-id\" of handler Impl.own(Impl.Own) is already the id of"
                + " handler Base.ping(Base.Ping): message ids must be unique within an actor",
            impl,
            "@RemoteMessage(\"same-id\")");
  }

  @Test
  void remote_handler_in_a_class_without_remote_actor_is_an_error() {
    Source source =
        counter(
            "",
            "  @Handler",
            "  @RemoteMessage(\"inc-id\")",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "actor class Counter has remote handlers (Counter.inc(Counter.Inc)) but no"
                + " @RemoteActor: annotate it @RemoteActor so that peers can address it",
            source,
            "final class Counter");
  }

  @Test
  void remote_handler_inherited_by_a_class_without_remote_actor_is_an_error() {
    Source base = base("ping-id");
    Source impl = Source.of("p.Impl", "package p;", "", "final class Impl extends Base<Impl> {}");
    compile(dir, base, impl)
        .failedWith(
            "actor class Impl has remote handlers (Base.ping(Base.Ping)) but no @RemoteActor:"
                + " annotate it @RemoteActor so that peers can address it",
            impl,
            "final class Impl");
  }

  @Test
  void remote_actor_on_an_interface_is_an_error() {
    Source source =
        Source.of(
            "p.Protocol",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor",
            "interface Protocol {}");
    compile(dir, source)
        .failedWith(
            "@RemoteActor is on interface Protocol: only concrete actor classes can be remote"
                + " actors; annotate each concrete actor class",
            source,
            "@io.kameo.annotations.RemoteActor");
  }

  @Test
  void remote_actor_on_an_abstract_class_is_an_error() {
    Source source =
        Source.of(
            "p.Base",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"base\")",
            "abstract class Base implements io.kameo.Actor<Base> {}");
    compile(dir, source)
        .failedWith(
            "@RemoteActor is on abstract class Base: only concrete actor classes can be remote"
                + " actors; annotate each concrete actor class",
            source,
            "@io.kameo.annotations.RemoteActor");
  }

  @Test
  void remote_actor_on_a_class_that_is_not_an_actor_is_an_error() {
    Source source =
        Source.of(
            "p.Plain",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor",
            "final class Plain {}");
    compile(dir, source)
        .failedWith(
            "@RemoteActor is on Plain, which does not implement io.kameo.Actor",
            source,
            "@io.kameo.annotations.RemoteActor");
  }

  @Test
  void one_actor_id_on_two_classes_is_an_error() {
    Source first =
        Source.of(
            "p.First",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"counter\")",
            "final class First implements io.kameo.Actor<First> {}");
    Source second =
        Source.of(
            "p.Second",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"counter\")",
            "final class Second implements io.kameo.Actor<Second> {}");
    compile(dir, first, second)
        .failedWith(
            "the @RemoteActor id \"counter\" of Second is already the id of p.First: remote actor"
                + " ids must be unique",
            second,
            "@io.kameo.annotations.RemoteActor");
  }

  @Test
  void explicit_actor_id_equal_to_another_actors_default_id_is_an_error() {
    Source first =
        Source.of(
            "p.First",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor",
            "final class First implements io.kameo.Actor<First> {}");
    Source second =
        Source.of(
            "p.Second",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"p.First\")",
            "final class Second implements io.kameo.Actor<Second> {}");
    compile(dir, first, second)
        .failedWith(
            "the @RemoteActor id \"p.First\" of Second is already the id of p.First: remote actor"
                + " ids must be unique",
            second,
            "@io.kameo.annotations.RemoteActor");
  }

  @Test
  void local_handler_for_a_subtype_of_a_remote_handlers_message_is_an_error() {
    Source source =
        Source.of(
            "p.Shapes",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "@io.kameo.annotations.RemoteActor",
            "final class Shapes implements io.kameo.Actor<Shapes> {",
            "  sealed interface Cmd extends Message<Shapes, String> permits Ping, Pong {}",
            "  record Ping() implements Cmd {}",
            "  record Pong() implements Cmd {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"cmd-id\")",
            "  String cmd(Cmd c) {",
            "    return \"cmd\";",
            "  }",
            "",
            "  @Handler",
            "  String ping(Ping p) {",
            "    return \"ping\";",
            "  }",
            "}");
    compile(dir, source)
        .failedWith(
            "handler Shapes.ping(Shapes.Ping) handles Shapes.Ping, a subtype of Shapes.Cmd, which"
                + " remote handler Shapes.cmd(Shapes.Cmd) handles: annotate it @RemoteMessage too,"
                + " or remote Shapes.Cmd messages that are Shapes.Ping would run it",
            source,
            "String ping(Ping p)");
  }

  @Test
  void private_reply_type_of_a_remote_handler_is_an_error() {
    Source source =
        counter(
            "@RemoteActor",
            "  private record Secret() {}",
            "",
            "  record Ask() implements Message<Counter, Secret> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"ask-id\")",
            "  Secret ask(Ask m) {",
            "    return new Secret();",
            "  }");
    compile(dir, source)
        .failedWith(
            "the reply type of remote handler Counter.ask(Counter.Ask) refers to Counter.Secret,"
                + " which is private: the generated handler table of Counter registers its class",
            source,
            "@RemoteMessage(\"ask-id\")");
  }
}
