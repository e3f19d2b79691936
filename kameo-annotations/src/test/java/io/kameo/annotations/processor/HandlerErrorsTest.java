package io.kameo.annotations.processor;

import static io.kameo.annotations.processor.Snippets.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.processor.Snippets.Diagnostic;
import io.kameo.annotations.processor.Snippets.Result;
import io.kameo.annotations.processor.Snippets.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each error the processor reports: its exact text and the line of the offending element. Each
 * snippet fails with that one error only (no follow-up errors from generated code).
 */
class HandlerErrorsTest {
  @TempDir Path dir;

  /** A counter actor in package p with the given members, and messages Inc (Long) and Reset. */
  static Source counter(String... members) {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Context;",
            "import io.kameo.DelegatedReply;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "final class Counter implements Actor<Counter> {",
            "  record Inc(long amount) implements Message<Counter, Long> {}",
            "  record Reset() implements Message<Counter, Void> {}",
            "",
            "  long count;",
            ""));
    lines.addAll(List.of(members));
    lines.add("}");
    return new Source("p.Counter", List.copyOf(lines));
  }

  @Test
  void handler_returning_another_type_than_the_reply_is_an_error() {
    Source source = counter("  @Handler", "  String inc(Inc m) {", "    return \"\";", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc) must return Long, long or DelegatedReply<Long>"
                + " (the reply type of Counter.Inc), not String",
            source,
            "String inc(Inc m)");
  }

  @Test
  void handler_returning_a_boxed_type_of_another_primitive_is_an_error() {
    Source source = counter("  @Handler", "  int inc(Inc m) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc) must return Long, long or DelegatedReply<Long>"
                + " (the reply type of Counter.Inc), not int",
            source,
            "int inc(Inc m)");
  }

  @Test
  void handler_returning_a_value_for_a_message_without_reply_is_an_error() {
    Source source = counter("  @Handler", "  long reset(Reset m) {", "    return 0;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.reset(Counter.Reset) must return void, Void or DelegatedReply<Void>"
                + " (the reply type of Counter.Reset), not long",
            source,
            "long reset(Reset m)");
  }

  @Test
  void handler_returning_a_delegated_reply_of_another_type_is_an_error() {
    Source source =
        counter(
            "  @Handler",
            "  DelegatedReply<String> inc(Inc m, Context<Counter, Long> ctx) {",
            "    return null;",
            "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc, Context<Counter, Long>) must return Long, long or"
                + " DelegatedReply<Long> (the reply type of Counter.Inc), not DelegatedReply<String>",
            source,
            "DelegatedReply<String> inc(");
  }

  @Test
  void two_handlers_for_the_same_message_type_is_an_error() {
    Source source =
        counter(
            "  @Handler",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }",
            "",
            "  @Handler",
            "  long incAgain(Inc m) {",
            "    return 2;",
            "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.incAgain(Counter.Inc) handles Counter.Inc, which handler"
                + " Counter.inc(Counter.Inc) already handles: a message type has at most one"
                + " handler",
            source,
            "long incAgain(Inc m)");
  }

  @Test
  void private_handler_is_an_error() {
    Source source = counter("  @Handler", "  private long inc(Inc m) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc) must not be private: the generated handler table"
                + " calls it from package p",
            source,
            "private long inc(Inc m)");
  }

  @Test
  void static_handler_is_an_error() {
    Source source = counter("  @Handler", "  static long inc(Inc m) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc) must not be static: handlers run on the actor"
                + " instance",
            source,
            "static long inc(Inc m)");
  }

  @Test
  void inherited_handler_not_accessible_from_the_actors_package_is_an_error() {
    Source base =
        Source.of(
            "q.Base",
            "package q;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public abstract class Base<A extends Base<A>> implements Actor<A> {",
            "  public record Ping() implements Message<Base<?>, String> {}",
            "",
            "  @Handler",
            "  protected String ping(Ping p) {",
            "    return \"pong\";",
            "  }",
            "}");
    Source impl = Source.of("p.Impl", "package p;", "", "final class Impl extends q.Base<Impl> {}");
    compile(dir, base, impl)
        .failedWith(
            "handler Base.ping(Base.Ping) is not accessible from package p, where the handler"
                + " table of Impl is generated: make it public",
            base,
            "protected String ping(Ping p)");
  }

  @Test
  void handler_without_parameters_is_an_error() {
    Source source = counter("  @Handler", "  long inc() {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc() must take the message and, optionally, an"
                + " io.kameo.Context<Counter, R>; it takes 0 parameters",
            source,
            "long inc()");
  }

  @Test
  void handler_with_three_parameters_is_an_error() {
    Source source =
        counter(
            "  @Handler",
            "  long inc(Inc m, Context<Counter, Long> ctx, int extra) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc, Context<Counter, Long>, int) must take the message"
                + " and, optionally, an io.kameo.Context<Counter, R>; it takes 3 parameters",
            source,
            "long inc(Inc m, Context<Counter, Long> ctx, int extra)");
  }

  @Test
  void first_parameter_that_is_not_a_message_is_an_error() {
    Source source =
        counter("  @Handler", "  long inc(", "      String m) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "the first parameter of handler Counter.inc(String) must be a message (a subtype of"
                + " io.kameo.Message), not String",
            source,
            "String m)");
  }

  @Test
  void second_parameter_that_is_not_a_context_is_an_error() {
    Source source =
        counter("  @Handler", "  long inc(Inc m,", "      String ctx) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "the second parameter of handler Counter.inc(Counter.Inc, String) must be"
                + " io.kameo.Context<Counter, Long>, not String",
            source,
            "String ctx)");
  }

  @Test
  void context_with_another_reply_type_is_an_error() {
    Source source =
        counter(
            "  @Handler",
            "  long inc(Inc m,",
            "      Context<Counter, String> ctx) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "the second parameter of handler Counter.inc(Counter.Inc, Context<Counter, String>)"
                + " must be io.kameo.Context<Counter, Long>, not Context<Counter, String>",
            source,
            "Context<Counter, String> ctx)");
  }

  @Test
  void message_for_another_actor_type_is_an_error() {
    Source other =
        Source.of(
            "p.Other",
            "package p;",
            "",
            "final class Other implements io.kameo.Actor<Other> {",
            "  record Hello() implements io.kameo.Message<Other, String> {}",
            "}");
    Source source =
        counter(
            "  @Handler", "  String hello(", "      Other.Hello h) {", "    return \"\";", "  }");
    compile(dir, other, source)
        .failedWith(
            "handler Counter.hello(Other.Hello) cannot handle Other.Hello, a message for Other:"
                + " Counter is not a subtype of Other",
            source,
            "Other.Hello h)");
  }

  @Test
  void message_for_a_protocol_the_actor_does_not_implement_is_an_error() {
    Source greeter =
        Source.of(
            "p.Greeter",
            "package p;",
            "",
            "interface Greeter {",
            "  record Hello() implements io.kameo.Message<Greeter, String> {}",
            "}");
    Source source =
        counter(
            "  @Handler", "  String hello(", "      Greeter.Hello h) {", "    return \"\";", "  }");
    compile(dir, greeter, source)
        .failedWith(
            "handler Counter.hello(Greeter.Hello) cannot handle Greeter.Hello, a message for"
                + " Greeter: Counter is not a subtype of Greeter",
            source,
            "Greeter.Hello h)");
  }

  @Test
  void handler_in_a_class_that_is_not_an_actor_is_an_error() {
    Source source =
        Source.of(
            "p.Plain",
            "package p;",
            "",
            "final class Plain {",
            "  record Ping() implements io.kameo.Message<Plain, String> {}",
            "",
            "  @io.kameo.annotations.Handler",
            "  String ping(Ping p) {",
            "    return \"\";",
            "  }",
            "}");
    compile(dir, source)
        .failedWith(
            "@Handler method Plain.ping(Plain.Ping) is declared in Plain, which does not implement"
                + " io.kameo.Actor",
            source,
            "String ping(Ping p)");
  }

  @Test
  void handler_in_an_interface_is_an_error() {
    Source source =
        Source.of(
            "p.Protocol",
            "package p;",
            "",
            "interface Protocol {",
            "  record Ping() implements io.kameo.Message<Protocol, String> {}",
            "",
            "  @io.kameo.annotations.Handler",
            "  String ping(Ping p);",
            "}");
    compile(dir, source)
        .failedWith(
            "@Handler method Protocol.ping(Protocol.Ping) is declared in interface Protocol:"
                + " handlers must be methods of an actor class",
            source,
            "String ping(Ping p);");
  }

  @Test
  void generic_actor_class_is_an_error() {
    Source source =
        Source.of(
            "p.Box", "package p;", "", "final class Box<T> implements io.kameo.Actor<Box<T>> {}");
    compile(dir, source)
        .failedWith(
            "actor class Box<T> is generic, which generated handler tables do not support: make"
                + " it abstract and extend it with a non-generic class",
            source,
            "final class Box<T>");
  }

  @Test
  void private_actor_class_is_an_error() {
    Source source =
        Source.of(
            "p.Outer",
            "package p;",
            "",
            "final class Outer {",
            "  private static final class Hidden implements io.kameo.Actor<Hidden> {}",
            "}");
    compile(dir, source)
        .failedWith(
            "actor class Outer.Hidden must not be private: its generated handler table"
                + " Kameo_Outer_Hidden refers to it",
            source,
            "class Hidden");
  }

  @Test
  void actor_class_nested_in_a_private_class_is_an_error() {
    Source source =
        Source.of(
            "p.Outer",
            "package p;",
            "",
            "final class Outer {",
            "  private static final class Hidden {",
            "    static final class Counter implements io.kameo.Actor<Counter> {}",
            "  }",
            "}");
    compile(dir, source)
        .failedWith(
            "actor class Outer.Hidden.Counter must not be private or nested in a private class:"
                + " its generated handler table Kameo_Outer_Hidden_Counter refers to it",
            source,
            "class Counter");
  }

  @Test
  void actor_class_declaring_another_actor_type_is_an_error() {
    Source source =
        Source.of(
            "p.Impostor",
            "package p;",
            "",
            "final class Real implements io.kameo.Actor<Real> {}",
            "",
            "final class Impostor implements io.kameo.Actor<Real> {}");
    compile(dir, source)
        .failedWith(
            "actor class Impostor implements Actor<Real> but is not a Real: declare it"
                + " Actor<Impostor>",
            source,
            "final class Impostor");
  }

  @Test
  void private_message_type_is_an_error() {
    Source source =
        counter(
            "  private record Secret() implements Message<Counter, Long> {}",
            "",
            "  @Handler",
            "  long secret(",
            "      Secret s) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "message type Counter.Secret of handler Counter.secret(Counter.Secret) is private:"
                + " the generated handler table of Counter refers to it",
            source,
            "Secret s)");
  }

  @Test
  void generic_handler_method_is_an_error() {
    Source source = counter("  @Handler", "  <T> long inc(Inc m) {", "    return 1;", "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.inc(Counter.Inc) must not declare type parameters",
            source,
            "<T> long inc(Inc m)");
  }

  @Test
  void message_implementing_raw_message_is_an_error() {
    Source source =
        counter(
            "  @SuppressWarnings(\"rawtypes\")",
            "  record Raw() implements Message {}",
            "",
            "  @Handler",
            "  long raw(",
            "      Raw r) {",
            "    return 1;",
            "  }");
    compile(dir, source)
        .failedWith(
            "message type Counter.Raw of handler Counter.raw(Counter.Raw) implements the raw type"
                + " io.kameo.Message: give its actor and reply types",
            source,
            "Raw r)");
  }

  @Test
  void handler_taking_a_message_with_unknown_reply_type_is_an_error() {
    Source source =
        counter(
            "  record Box<T>(T value) implements Message<Counter, T> {}",
            "",
            "  @Handler",
            "  Object box(",
            "      Box<?> b) {",
            "    return null;",
            "  }");
    compile(dir, source)
        .failedWith(
            "handler Counter.box(Counter.Box<?>) takes Counter.Box<?>, whose actor and reply types"
                + " are not known (Message<Counter, ?>): name a message type with fixed type"
                + " arguments",
            source,
            "Box<?> b)");
  }

  @Test
  void message_for_a_subclass_of_a_concrete_actor_is_an_error() {
    Source source =
        Source.of(
            "p.Plain",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "class Plain implements io.kameo.Actor<Plain> {",
            "  static final class Fancy extends Plain {",
            "    record Only() implements Message<Fancy, String> {}",
            "",
            "    @Handler",
            "    String only(",
            "        Only o) {",
            "      return \"\";",
            "    }",
            "  }",
            "}");
    compile(dir, source)
        .failedWith(
            "handler Plain.Fancy.only(Plain.Fancy.Only) cannot handle Plain.Fancy.Only, a message"
                + " for Plain.Fancy: the actor type of Plain.Fancy, Plain (from Actor<Plain>), is"
                + " not a subtype of Plain.Fancy",
            source,
            "Only o)");
  }

  @Test
  void bad_handler_inherited_from_a_compiled_library_is_reported_on_the_actor_class() {
    Path library =
        Snippets.compilePlain(
            dir.resolve("library"),
            Source.of(
                "lib.Base",
                "package lib;",
                "",
                "import io.kameo.Message;",
                "import io.kameo.annotations.Handler;",
                "",
                "public abstract class Base<A extends Base<A>> implements io.kameo.Actor<A> {",
                "  public record Ping() implements Message<Base<?>, String> {}",
                "",
                "  @Handler",
                "  String ping(Ping p) {",
                "    return \"pong\";",
                "  }",
                "}"));
    Source impl =
        Source.of("p.Impl", "package p;", "", "public final class Impl extends lib.Base<Impl> {}");
    compile(dir.resolve("main"), List.of(library), List.of(), impl)
        .failedWith(
            "handler Base.ping(Base.Ping) is not accessible from package p, where the handler"
                + " table of Impl is generated: make it public",
            impl,
            "public final class Impl");
  }

  @Test
  void raw_actor_class_is_an_error() {
    Source source =
        Source.of(
            "p.Raw",
            "package p;",
            "",
            "@SuppressWarnings(\"rawtypes\")",
            "final class Raw implements io.kameo.Actor {}");
    compile(dir, source)
        .failedWith(
            "actor class Raw implements the raw type io.kameo.Actor: declare it Actor<Raw>",
            source,
            "final class Raw");
  }

  @Test
  void message_type_not_visible_in_the_actors_package_is_an_error() {
    Source base =
        Source.of(
            "q.Base",
            "package q;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public abstract class Base<A extends Base<A>> implements io.kameo.Actor<A> {",
            "  record Ping() implements Message<Base<?>, String> {}",
            "",
            "  @Handler",
            "  public String ping(",
            "      Ping p) {",
            "    return \"pong\";",
            "  }",
            "}");
    Source impl = Source.of("p.Impl", "package p;", "", "final class Impl extends q.Base<Impl> {}");
    compile(dir, base, impl)
        .failedWith(
            "message type Base.Ping of handler Base.ping(Base.Ping) is not public and is in another"
                + " package: the generated handler table of Impl refers to it",
            base,
            "Ping p)");
  }

  @Test
  void private_type_argument_of_a_message_type_is_an_error() {
    Source source =
        counter(
            "  private record Secret() {}",
            "",
            "  record Box<T>(T value) implements Message<Counter, String> {}",
            "",
            "  @Handler",
            "  String box(",
            "      Box<Secret> b) {",
            "    return \"\";",
            "  }");
    compile(dir, source)
        .failedWith(
            "message type Counter.Box<Counter.Secret> of handler"
                + " Counter.box(Counter.Box<Counter.Secret>) refers to Counter.Secret, which is private:"
                + " the generated handler table of Counter refers to it",
            source,
            "Box<Secret> b)");
  }

  @Test
  void private_reply_type_in_a_context_parameter_is_an_error() {
    Source source =
        counter(
            "  private record Secret() {}",
            "",
            "  record Ask() implements Message<Counter, Secret> {}",
            "",
            "  @Handler",
            "  Secret ask(Ask a,",
            "      Context<Counter, Secret> ctx) {",
            "    return null;",
            "  }");
    compile(dir, source)
        .failedWith(
            "the reply type of handler Counter.ask(Counter.Ask, Context<Counter, Counter.Secret>)"
                + " refers to Counter.Secret, which is private: the generated handler table of Counter"
                + " refers to it when it passes the Context; take Context<Counter, ?> instead",
            source,
            "Context<Counter, Secret> ctx)");
  }

  @Test
  void missing_message_type_is_left_to_javac() {
    Source source = counter("  @Handler", "  long inc(Missing m) {", "    return 1;", "  }");
    List<Diagnostic> errors = compile(dir, source).errors();
    assertEquals(1, errors.size(), errors::toString);
    assertEquals("cannot find symbol", errors.get(0).message());
    assertEquals(source.lineOf("Missing m"), errors.get(0).line());
  }

  @Test
  void bad_handler_of_an_abstract_actor_is_reported_once_even_with_subclasses() {
    Source base =
        Source.of(
            "p.Base",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "abstract class Base implements io.kameo.Actor<Base> {",
            "  record Ping() implements Message<Base, String> {}",
            "",
            "  @Handler",
            "  int ping(Ping p) {",
            "    return 1;",
            "  }",
            "",
            "  static final class One extends Base {}",
            "",
            "  static final class Two extends Base {}",
            "}");
    compile(dir, base)
        .failedWith(
            "handler Base.ping(Base.Ping) must return String or DelegatedReply<String> (the reply"
                + " type of Base.Ping), not int",
            base,
            "int ping(Ping p)");
  }

  @Test
  void every_bad_handler_is_reported_and_valid_actors_still_get_tables() {
    Source source =
        counter(
            "  @Handler",
            "  private long inc(Inc m) {",
            "    return 1;",
            "  }",
            "",
            "  @Handler",
            "  String reset(Reset m) {",
            "    return \"\";",
            "  }");
    Source good =
        Source.of(
            "p.Good", "package p;", "", "final class Good implements io.kameo.Actor<Good> {}");
    Result result = compile(dir, source, good);
    List<Diagnostic> errors = result.errors();
    assertEquals(
        List.of(
            new Diagnostic(
                "Counter.java",
                source.lineOf("private long inc"),
                "error",
                "handler Counter.inc(Counter.Inc) must not be private: the generated handler"
                    + " table calls it from package p"),
            new Diagnostic(
                "Counter.java",
                source.lineOf("String reset"),
                "error",
                "handler Counter.reset(Counter.Reset) must return void, Void or"
                    + " DelegatedReply<Void> (the reply type of Counter.Reset), not String")),
        errors,
        result.output());
    assertTrue(result.generated("p.Kameo_Good"), result.output());
    assertFalse(result.generated("p.Kameo_Counter"), result.output());
  }
}
