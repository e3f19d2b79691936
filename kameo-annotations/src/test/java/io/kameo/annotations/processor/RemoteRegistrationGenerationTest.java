package io.kameo.annotations.processor;

import static io.kameo.annotations.processor.HandlerTableGenerationTest.assertContains;
import static io.kameo.annotations.processor.Snippets.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.annotations.processor.Snippets.Result;
import io.kameo.annotations.processor.Snippets.Source;
import io.kameo.spi.RemoteMessages;
import io.kameo.spi.RemoteMessages.Entry;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the processor generates for {@code @RemoteActor} classes: registrations in the handler
 * table's static initializer. The registry is global to the JVM, so every snippet that is loaded
 * uses its own actor ids.
 */
class RemoteRegistrationGenerationTest {
  @TempDir Path dir;

  @Test
  void remote_actor_registers_its_id_and_remote_handlers_before_its_table() throws Exception {
    Source counter =
        Source.of(
            "p.Counter",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteActor;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "@RemoteActor(\"generation.counter\")",
            "public final class Counter implements Actor<Counter> {",
            "  public record Inc(long amount) implements Message<Counter, Long> {}",
            "  public record Peek() implements Message<Counter, Long> {}",
            "",
            "  long count;",
            "",
            "  @Handler",
            "  @RemoteMessage(\"5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01\")",
            "  long inc(Inc m) {",
            "    return count += m.amount();",
            "  }",
            "",
            "  @Handler",
            "  long peek(Peek m) {",
            "    return count;",
            "  }",
            "}");
    Result result = compile(dir, counter).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Counter");
    assertContains(
        table,
        "  static {\n"
            + "    io.kameo.spi.RemoteMessages.registerActor(p.Counter.class,"
            + " \"generation.counter\");\n"
            + "    io.kameo.spi.RemoteMessages.register(\n"
            + "        p.Counter.class,\n"
            + "        \"generation.counter\",\n"
            + "        \"5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01\",\n"
            + "        p.Counter.Inc.class,\n"
            + "        java.lang.Long.class);\n"
            + "    io.kameo.spi.HandlerTables.register(p.Counter.class, new Kameo_Counter());\n"
            + "  }\n");
    assertFalse(table.contains("Peek.class,"), table);
    assertFalse(table.contains("reflect"), table);

    try (URLClassLoader loader = result.classLoader()) {
      Class<?> actorClass = loader.loadClass("p.Counter");
      Class<?> inc = loader.loadClass("p.Counter$Inc");
      Entry entry =
          new Entry(
              actorClass,
              "generation.counter",
              "5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01",
              inc,
              Long.class);
      // looking up by class loads the generated table, whose static initializer registers
      assertEquals(Optional.of("generation.counter"), RemoteMessages.actorId(actorClass));
      assertEquals(Optional.of(entry), RemoteMessages.find(actorClass, inc));
      assertEquals(
          Optional.of(entry),
          RemoteMessages.find("generation.counter", "5b1a0f5e-3a8e-4a47-9b5c-2f9d1c7e6a01"));
      assertEquals(
          Optional.empty(), RemoteMessages.find(actorClass, loader.loadClass("p.Counter$Peek")));
    }
  }

  @Test
  void default_actor_id_is_the_binary_name_of_the_class() {
    Source outer =
        Source.of(
            "p.Outer",
            "package p;",
            "",
            "public final class Outer {",
            "  @io.kameo.annotations.RemoteActor",
            "  static final class Counter implements io.kameo.Actor<Counter> {}",
            "}");
    String table =
        compile(dir, outer).succeededWithoutWarnings().generatedSource("p.Kameo_Outer_Counter");
    assertContains(
        table,
        "io.kameo.spi.RemoteMessages.registerActor(p.Outer.Counter.class, \"p.Outer$Counter\");");
    assertFalse(table.contains("RemoteMessages.register("), table);
  }

  @Test
  void actor_without_remote_actor_registers_nothing_remote() {
    String table =
        compile(dir, HandlerTableGenerationTest.COUNTER)
            .succeededWithoutWarnings()
            .generatedSource("p.Kameo_Counter");
    assertFalse(table.contains("RemoteMessages"), table);
  }

  @Test
  void inherited_delegated_void_and_generic_replies_register_erased_classes_most_specific_first()
      throws Exception {
    Source base =
        Source.of(
            "p.Base",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "public abstract class Base<A extends Base<A>> implements Actor<A> {",
            "  public record Name() implements Message<Base<?>, String> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"base-name\")",
            "  String name(Name n) {",
            "    return \"base\";",
            "  }",
            "}");
    Source impl =
        Source.of(
            "p.Impl",
            "package p;",
            "",
            "import io.kameo.Context;",
            "import io.kameo.DelegatedReply;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteActor;",
            "import io.kameo.annotations.RemoteMessage;",
            "import java.util.List;",
            "",
            "@RemoteActor(\"generation.impl\")",
            "public final class Impl extends Base<Impl> {",
            "  public sealed interface Cmd extends Message<Impl, String> permits Ping, Pong {}",
            "  public record Ping() implements Cmd {}",
            "  public record Pong() implements Cmd {}",
            "  public record Reset() implements Message<Impl, Void> {}",
            "  public record Later() implements Message<Impl, Integer> {}",
            "  public record Names() implements Message<Impl, List<String>> {}",
            "  public record Box<T>(T value) implements Message<Impl, T> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"cmd\")",
            "  String cmd(Cmd c) {",
            "    return \"cmd\";",
            "  }",
            "",
            "  @Handler",
            "  @RemoteMessage(\"ping\")",
            "  String ping(Ping p) {",
            "    return \"ping\";",
            "  }",
            "",
            "  @Handler",
            "  @RemoteMessage(\"reset\")",
            "  void reset(Reset r) {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"later\")",
            "  DelegatedReply<Integer> later(Later l, Context<Impl, Integer> ctx) {",
            "    return ctx.delegate();",
            "  }",
            "",
            "  @Handler",
            "  @RemoteMessage(\"names\")",
            "  List<String> names(Names n) {",
            "    return List.of();",
            "  }",
            "",
            "  @Handler",
            "  @RemoteMessage(\"box\")",
            "  String box(Box<String> b) {",
            "    return b.value();",
            "  }",
            "}");
    Result result = compile(dir, base, impl).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Impl");
    assertContains(
        table,
        registration("p.Impl", "generation.impl", "base-name", "p.Base.Name", "java.lang.String"));
    assertContains(
        table,
        registration("p.Impl", "generation.impl", "reset", "p.Impl.Reset", "java.lang.Void"));
    assertContains(
        table,
        registration("p.Impl", "generation.impl", "later", "p.Impl.Later", "java.lang.Integer"));
    assertContains(
        table,
        registration("p.Impl", "generation.impl", "names", "p.Impl.Names", "java.util.List"));
    assertContains(
        table, registration("p.Impl", "generation.impl", "box", "p.Impl.Box", "java.lang.String"));
    // registered in the order of the table's switch cases
    assertTrue(table.indexOf("\"ping\"") < table.indexOf("\"cmd\""), table);
    assertTrue(table.indexOf("case p.Impl.Ping msg") < table.indexOf("case p.Impl.Cmd msg"), table);

    try (URLClassLoader loader = result.classLoader()) {
      Class<?> actorClass = loader.loadClass("p.Impl");
      Class<?> cmd = loader.loadClass("p.Impl$Cmd");
      assertEquals(
          Optional.of(new Entry(actorClass, "generation.impl", "cmd", cmd, String.class)),
          RemoteMessages.find(actorClass, loader.loadClass("p.Impl$Pong")));
      assertEquals(
          "ping", messageId(RemoteMessages.find(actorClass, loader.loadClass("p.Impl$Ping"))));
      Entry name = RemoteMessages.find("generation.impl", "base-name").orElseThrow();
      assertEquals(actorClass, name.actorClass());
      assertEquals(loader.loadClass("p.Base$Name"), name.messageClass());
      assertEquals(
          List.class, RemoteMessages.find("generation.impl", "names").orElseThrow().replyClass());
    }
  }

  @Test
  void subclass_of_a_remote_actor_registers_the_inherited_remote_handlers_under_its_own_id()
      throws Exception {
    Source counter =
        Source.of(
            "p.Counter",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteActor;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "@RemoteActor(\"generation.base-counter\")",
            "public class Counter implements Actor<Counter> {",
            "  public record Inc() implements Message<Counter, Long> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"inc\")",
            "  long inc(Inc m) {",
            "    return 1;",
            "  }",
            "}");
    Source sub =
        Source.of(
            "p.Sub",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"generation.sub-counter\")",
            "public final class Sub extends Counter {}");
    Result result = compile(dir, counter, sub).succeededWithoutWarnings();
    assertContains(
        result.generatedSource("p.Kameo_Sub"),
        registration("p.Sub", "generation.sub-counter", "inc", "p.Counter.Inc", "java.lang.Long"));
    try (URLClassLoader loader = result.classLoader()) {
      Class<?> subClass = loader.loadClass("p.Sub");
      Class<?> inc = loader.loadClass("p.Counter$Inc");
      assertEquals(Optional.of("generation.sub-counter"), RemoteMessages.actorId(subClass));
      assertEquals(subClass, RemoteMessages.find(subClass, inc).orElseThrow().actorClass());
      Class<?> counterClass = loader.loadClass("p.Counter");
      assertEquals(Optional.of("generation.base-counter"), RemoteMessages.actorId(counterClass));
      assertEquals(counterClass, RemoteMessages.find(counterClass, inc).orElseThrow().actorClass());
    }
  }

  @Test
  void ids_are_written_as_escaped_literals() throws Exception {
    Source odd =
        Source.of(
            "p.Odd",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "@io.kameo.annotations.RemoteActor(\"generation \\\"odd\\\" \\\\ actor\\n\\u00e9\")",
            "public final class Odd implements io.kameo.Actor<Odd> {",
            "  public record Ping() implements Message<Odd, String> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"\\\\u0041\\t\")",
            "  String ping(Ping p) {",
            "    return \"\";",
            "  }",
            "}");
    Result result = compile(dir, odd).succeededWithoutWarnings();
    assertContains(
        result.generatedSource("p.Kameo_Odd"),
        "registerActor(p.Odd.class, \"generation \\\"odd\\\" \\\\ actor\\012\\u00e9\");");
    try (URLClassLoader loader = result.classLoader()) {
      Class<?> actorClass = loader.loadClass("p.Odd");
      String actorId = "generation \"odd\" \\ actor\n\u00e9";
      assertEquals(Optional.of(actorId), RemoteMessages.actorId(actorClass));
      assertEquals(
          loader.loadClass("p.Odd$Ping"),
          RemoteMessages.find(actorId, "\\u0041\t").orElseThrow().messageClass());
    }
  }

  @Test
  void reply_class_declared_next_to_the_actor_is_registered_without_an_auxiliaryclass_warning() {
    Source counter =
        Source.of(
            "p.Counter",
            "package p;",
            "",
            "import io.kameo.annotations.Handler;",
            "import io.kameo.annotations.RemoteMessage;",
            "",
            "record Total(long value) {}",
            "",
            "@io.kameo.annotations.RemoteActor(\"generation.totals\")",
            "public final class Counter implements io.kameo.Actor<Counter> {",
            "  public record Get() implements io.kameo.Message<Counter, Total> {}",
            "",
            "  @Handler",
            "  @RemoteMessage(\"get\")",
            "  Total get(Get g) {",
            "    return new Total(0);",
            "  }",
            "}");
    String table =
        compile(dir, counter).succeededWithoutWarnings().generatedSource("p.Kameo_Counter");
    assertContains(table, "p.Total.class);");
    assertContains(table, "@java.lang.SuppressWarnings(\"auxiliaryclass\")");
  }

  @Test
  void same_actor_id_in_two_class_loaders_fails_when_the_second_registers() throws Exception {
    Source counter =
        Source.of(
            "p.Counter",
            "package p;",
            "",
            "@io.kameo.annotations.RemoteActor(\"generation.loaded-twice\")",
            "public final class Counter implements io.kameo.Actor<Counter> {}");
    Result result = compile(dir, counter).succeededWithoutWarnings();
    try (URLClassLoader first = result.classLoader();
        URLClassLoader second = result.classLoader()) {
      assertEquals(
          Optional.of("generation.loaded-twice"),
          RemoteMessages.actorId(first.loadClass("p.Counter")));
      Class<?> again = second.loadClass("p.Counter");
      ExceptionInInitializerError e =
          assertThrows(ExceptionInInitializerError.class, () -> RemoteMessages.actorId(again));
      IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(
          cause.getMessage().startsWith("remote actor id \"generation.loaded-twice\" is already"),
          cause.getMessage());
      // the table registers after the remote ids, so the class has no table either
      assertThrows(NoClassDefFoundError.class, () -> HandlerTableGenerationTest.tableOf(again));
    }
  }

  /** Returns the generated registration of one remote handler. */
  static String registration(
      String actor, String actorId, String messageId, String message, String reply) {
    return "    io.kameo.spi.RemoteMessages.register(\n"
        + "        "
        + actor
        + ".class,\n"
        + "        \""
        + actorId
        + "\",\n"
        + "        \""
        + messageId
        + "\",\n"
        + "        "
        + message
        + ".class,\n"
        + "        "
        + reply
        + ".class);\n";
  }

  private static String messageId(Optional<Entry> entry) {
    return entry.orElseThrow().messageId();
  }
}
