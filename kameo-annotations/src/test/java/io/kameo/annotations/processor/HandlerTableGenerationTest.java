package io.kameo.annotations.processor;

import static io.kameo.annotations.processor.Snippets.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.Actor;
import io.kameo.annotations.processor.Snippets.Result;
import io.kameo.annotations.processor.Snippets.Source;
import io.kameo.spi.HandlerTable;
import io.kameo.spi.HandlerTables;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the processor generates for valid actors. Every snippet compiles with the build's flags
 * ({@code -Xlint:all -Werror}), generated code included; some tables are loaded and run.
 */
class HandlerTableGenerationTest {
  @TempDir Path dir;

  static final Source COUNTER =
      Source.of(
          "p.Counter",
          "package p;",
          "",
          "import io.kameo.Actor;",
          "import io.kameo.Message;",
          "import io.kameo.annotations.Handler;",
          "",
          "record Inc(long amount) implements Message<Counter, Long> {}",
          "",
          "final class Counter implements Actor<Counter> {",
          "  long count;",
          "",
          "  @Handler",
          "  long inc(Inc m) {",
          "    return count += m.amount();",
          "  }",
          "}");

  @Test
  void counter_gets_a_table_that_registers_itself_and_dispatches_by_pattern() {
    String table =
        compile(dir, COUNTER).succeededWithoutWarnings().generatedSource("p.Kameo_Counter");
    assertContains(
        table, "final class Kameo_Counter implements io.kameo.spi.HandlerTable<p.Counter> {");
    assertContains(
        table, "io.kameo.spi.HandlerTables.register(p.Counter.class, new Kameo_Counter());");
    assertContains(table, "public boolean handles(java.lang.Class<?> type) {");
    assertContains(table, "return p.Inc.class.isAssignableFrom(type);");
    assertContains(
        table,
        "public java.lang.Object handle(\n"
            + "      p.Counter actor,\n"
            + "      java.lang.Object message,\n"
            + "      io.kameo.Context<p.Counter, ?> context)\n"
            + "      throws java.lang.Throwable {");
    assertContains(table, "case p.Inc msg -> actor.inc(msg);");
    assertContains(
        table,
        "default -> throw new java.lang.IllegalArgumentException(\n"
            + "          \"Counter has no handler for \" + message.getClass().getName());");
    // the message record is an auxiliary class of Counter.java, which the generated file uses
    assertContains(
        table, "@java.lang.SuppressWarnings(\"auxiliaryclass\")\nfinal class Kameo_Counter");
    assertFalse(table.contains("unchecked"), table);
    assertFalse(table.contains("reflect"), table);
  }

  @Test
  void generated_counter_table_runs_the_handler() throws Exception {
    Result result = compile(dir, COUNTER).succeededWithoutWarnings();
    try (URLClassLoader loader = result.classLoader()) {
      Object counter = newInstance(loader, "p.Counter");
      Table table = tableOf(counter.getClass());
      Class<?> inc = loader.loadClass("p.Inc");
      assertTrue(table.handles(inc));
      assertFalse(table.handles(String.class));
      assertEquals(2L, table.handle(counter, newInstance(loader, "p.Inc", 2L)));
      assertEquals(5L, table.handle(counter, newInstance(loader, "p.Inc", 3L)));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> table.handle(counter, "not a message"));
      assertEquals("Counter has no handler for java.lang.String", e.getMessage());
    }
  }

  @Test
  void all_handler_shapes_compile_and_most_specific_message_types_come_first() throws Exception {
    Source shapes =
        Source.of(
            "p.Shapes",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Context;",
            "import io.kameo.DelegatedReply;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Shapes implements Actor<Shapes> {",
            "  public sealed interface Cmd extends Message<Shapes, String> permits Ping, Pong {}",
            "  public record Ping() implements Cmd {}",
            "  public record Pong() implements Cmd {}",
            "  public record Reset() implements Message<Shapes, Void> {}",
            "  public record Later() implements Message<Shapes, Integer> {}",
            "  public record Box<T>(T value) implements Message<Shapes, T> {}",
            "  public record Flag() implements Message<Shapes, Boolean> {}",
            "  public record Nothing() implements Message<Shapes, Void> {}",
            "",
            "  int resets;",
            "",
            "  @Handler",
            "  String cmd(Cmd c) {",
            "    return \"cmd \" + c.getClass().getSimpleName();",
            "  }",
            "",
            "  @Handler",
            "  String ping(Ping p, Context<Shapes, ?> ctx) throws Exception {",
            "    return \"ping\";",
            "  }",
            "",
            "  @Handler",
            "  void reset(Reset r, Context<Shapes, Void> ctx) {",
            "    resets++;",
            "  }",
            "",
            "  @Handler",
            "  Void nothing(Nothing n) {",
            "    return null;",
            "  }",
            "",
            "  @Handler",
            "  DelegatedReply<Integer> later(Later l, Context<Shapes, Integer> ctx) {",
            "    return ctx.delegate();",
            "  }",
            "",
            "  @Handler",
            "  String box(Box<String> b) {",
            "    return b.value();",
            "  }",
            "",
            "  @Handler",
            "  public boolean flag(Flag f) throws java.io.IOException {",
            "    return true;",
            "  }",
            "}");
    Result result = compile(dir, shapes).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Shapes");
    assertTrue(
        table.indexOf("case p.Shapes.Ping msg") < table.indexOf("case p.Shapes.Cmd msg"), table);
    assertContains(table, "case p.Shapes.Ping msg -> actor.ping(msg, context);");
    assertContains(
        table,
        "case p.Shapes.Reset msg -> {\n"
            + "        actor.reset(msg, (io.kameo.Context<p.Shapes, java.lang.Void>) context);\n"
            + "        yield null;\n"
            + "      }");
    assertContains(table, "case p.Shapes.Nothing msg -> actor.nothing(msg);");
    assertContains(
        table,
        "case p.Shapes.Later msg ->"
            + " actor.later(msg, (io.kameo.Context<p.Shapes, java.lang.Integer>) context);");
    assertContains(
        table, "case p.Shapes.Box<?> msg -> actor.box((p.Shapes.Box<java.lang.String>) msg);");
    assertContains(table, "p.Shapes.Box.class.isAssignableFrom(type)");
    assertContains(
        table, "  @java.lang.SuppressWarnings(\"unchecked\")\n  public java.lang.Object handle(");
    assertFalse(table.contains("auxiliaryclass"), table);

    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Shapes");
      Table t = tableOf(actor.getClass());
      assertEquals("ping", t.handle(actor, newInstance(loader, "p.Shapes$Ping")));
      assertEquals("cmd Pong", t.handle(actor, newInstance(loader, "p.Shapes$Pong")));
      assertNull(t.handle(actor, newInstance(loader, "p.Shapes$Reset")));
      assertEquals("boxed", t.handle(actor, newInstance(loader, "p.Shapes$Box", "boxed")));
      assertEquals(true, t.handle(actor, newInstance(loader, "p.Shapes$Flag")));
      assertTrue(t.handles(loader.loadClass("p.Shapes$Pong")));
      assertFalse(t.handles(loader.loadClass("p.Shapes")));
    }
  }

  @Test
  void nested_actor_table_is_named_after_its_binary_name() {
    Source outer =
        Source.of(
            "p.Outer",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public class Outer {",
            "  record Get() implements Message<Inner.Counter, Long> {}",
            "",
            "  static final class Inner {",
            "    final class Counter implements Actor<Counter> {",
            "      @Handler",
            "      long get(Get g) {",
            "        return 1;",
            "      }",
            "    }",
            "  }",
            "}");
    String table =
        compile(dir, outer)
            .succeededWithoutWarnings()
            .generatedSource("p.Kameo_Outer_Inner_Counter");
    assertContains(
        table,
        "final class Kameo_Outer_Inner_Counter"
            + " implements io.kameo.spi.HandlerTable<p.Outer.Inner.Counter> {");
    assertContains(
        table,
        "io.kameo.spi.HandlerTables.register("
            + "p.Outer.Inner.Counter.class, new Kameo_Outer_Inner_Counter());");
    assertContains(table, "case p.Outer.Get msg -> actor.get(msg);");
  }

  @Test
  void actor_without_handlers_gets_a_table_that_handles_nothing() throws Exception {
    Source idle =
        Source.of(
            "p.Idle",
            "package p;",
            "",
            "public final class Idle implements io.kameo.Actor<Idle> {}");
    Result result = compile(dir, idle).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Idle");
    assertContains(
        table, "public boolean handles(java.lang.Class<?> type) {\n    return false;\n  }");
    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Idle");
      Table t = tableOf(actor.getClass());
      assertFalse(t.handles(Object.class));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> t.handle(actor, 1));
      assertEquals("Idle has no handler for java.lang.Integer", e.getMessage());
    }
  }

  @Test
  void message_for_a_protocol_interface_is_handled_by_each_implementing_actor() throws Exception {
    Source greeter =
        Source.of(
            "p.Greeter",
            "package p;",
            "",
            "import io.kameo.Message;",
            "",
            "public interface Greeter {",
            "  record Hello(String name) implements Message<Greeter, String> {}",
            "}");
    Source english =
        Source.of(
            "p.English",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class English implements Actor<English>, Greeter {",
            "  @Handler",
            "  String hello(Hello h) {",
            "    return \"hello \" + h.name();",
            "  }",
            "}");
    Source french =
        Source.of(
            "p.French",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class French implements Actor<French>, Greeter {",
            "  @Handler",
            "  String hello(Greeter.Hello h) {",
            "    return \"bonjour \" + h.name();",
            "  }",
            "}");
    Result result = compile(dir, greeter, english, french).succeededWithoutWarnings();
    assertFalse(result.generated("p.Kameo_Greeter"));
    try (URLClassLoader loader = result.classLoader()) {
      Object hello = newInstance(loader, "p.Greeter$Hello", "Ada");
      Object en = newInstance(loader, "p.English");
      Object fr = newInstance(loader, "p.French");
      assertEquals("hello Ada", tableOf(en.getClass()).handle(en, hello));
      assertEquals("bonjour Ada", tableOf(fr.getClass()).handle(fr, hello));
    }
  }

  @Test
  void handlers_are_inherited_from_abstract_superclasses_which_get_no_table() throws Exception {
    Source base =
        Source.of(
            "p.Base",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public abstract class Base<A extends Base<A>> implements Actor<A> {",
            "  public record Name() implements Message<Base<?>, String> {}",
            "  public record Echo<T>(T value) implements Message<Base<?>, T> {}",
            "",
            "  @Handler",
            "  String name(Name n) {",
            "    return \"base\";",
            "  }",
            "",
            "  @Handler",
            "  public abstract String describe(Describe d);",
            "",
            "  public record Describe() implements Message<Base<?>, String> {}",
            "}");
    Source impl =
        Source.of(
            "p.Impl",
            "package p;",
            "",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Impl extends Base<Impl> {",
            "  public record Own() implements Message<Impl, Integer> {}",
            "",
            "  @Override",
            "  String name(Name n) {",
            "    return \"impl\";",
            "  }",
            "",
            "  @Override",
            "  public String describe(Describe d) {",
            "    return \"described\";",
            "  }",
            "",
            "  @Handler",
            "  int own(Own o) {",
            "    return 42;",
            "  }",
            "}");
    Result result = compile(dir, base, impl).succeededWithoutWarnings();
    assertFalse(result.generated("p.Kameo_Base"));
    String table = result.generatedSource("p.Kameo_Impl");
    assertContains(table, "case p.Base.Name msg -> actor.name(msg);");
    assertContains(table, "case p.Base.Describe msg -> actor.describe(msg);");
    assertContains(table, "case p.Impl.Own msg -> actor.own(msg);");
    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Impl");
      Table t = tableOf(actor.getClass());
      assertEquals("impl", t.handle(actor, newInstance(loader, "p.Base$Name")));
      assertEquals("described", t.handle(actor, newInstance(loader, "p.Base$Describe")));
      assertEquals(42, t.handle(actor, newInstance(loader, "p.Impl$Own")));
    }
  }

  @Test
  void handler_taking_a_type_variable_of_an_abstract_class_is_checked_in_subclasses()
      throws Exception {
    Source base =
        Source.of(
            "p.Worker",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public abstract class Worker<J extends Message<Worker<J>, String>>"
                + " implements Actor<Worker<J>> {",
            "  @Handler",
            "  String work(J job) {",
            "    return \"done \" + job;",
            "  }",
            "}");
    Source impl =
        Source.of(
            "p.Printer",
            "package p;",
            "",
            "public final class Printer extends Worker<Printer.Print> {",
            "  public record Print() implements io.kameo.Message<Worker<Print>, String> {}",
            "}");
    Result result = compile(dir, base, impl).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Printer");
    // Printer's actor type is Worker<Printer.Print>, and its table is registered under Printer
    assertContains(
        table,
        "final class Kameo_Printer implements io.kameo.spi.HandlerTable<p.Worker<p.Printer.Print>>");
    assertContains(table, "case p.Printer.Print msg -> ((p.Printer) actor).work(msg);");
    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Printer");
      Object print = newInstance(loader, "p.Printer$Print");
      assertEquals("done " + print, tableOf(actor.getClass()).handle(actor, print));
    }
  }

  @Test
  void subclass_of_a_concrete_actor_keeps_its_actor_type() throws Exception {
    Source base =
        Source.of(
            "p.Plain",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public class Plain implements Actor<Plain> {",
            "  public record A() implements Message<Plain, String> {}",
            "  public record B() implements Message<Plain, String> {}",
            "",
            "  @Handler",
            "  String a(A a) {",
            "    return \"plain a\";",
            "  }",
            "",
            "  public static final class Fancy extends Plain {",
            "    @Handler",
            "    String b(B b) {",
            "      return \"fancy b\";",
            "    }",
            "  }",
            "}");
    Result result = compile(dir, base).succeededWithoutWarnings();
    String table = result.generatedSource("p.Kameo_Plain_Fancy");
    assertContains(
        table, "final class Kameo_Plain_Fancy implements io.kameo.spi.HandlerTable<p.Plain> {");
    assertContains(
        table, "return (java.lang.Class<p.Plain>) (java.lang.Class<?>) p.Plain.Fancy.class;");
    assertContains(table, "case p.Plain.B msg -> ((p.Plain.Fancy) actor).b(msg);");
    try (URLClassLoader loader = result.classLoader()) {
      Object fancy = newInstance(loader, "p.Plain$Fancy");
      Table t = tableOf(fancy.getClass());
      assertEquals("plain a", t.handle(fancy, newInstance(loader, "p.Plain$A")));
      assertEquals("fancy b", t.handle(fancy, newInstance(loader, "p.Plain$B")));
      Object plain = newInstance(loader, "p.Plain");
      assertFalse(tableOf(plain.getClass()).handles(loader.loadClass("p.Plain$B")));
    }
  }

  @Test
  void actor_in_the_unnamed_package_gets_a_table_there() {
    Source top =
        Source.of(
            "Top",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "final class Top implements Actor<Top> {",
            "  record Ping() implements Message<Top, Void> {}",
            "",
            "  @Handler",
            "  void ping(Ping p) {}",
            "}");
    String table = compile(dir, top).succeededWithoutWarnings().generatedSource("Kameo_Top");
    assertTrue(table.startsWith("// Generated"), table);
    assertContains(table, "case Top.Ping msg -> {\n        actor.ping(msg);\n        yield null;");
  }

  @Test
  void record_actor_gets_a_table() {
    Source source =
        Source.of(
            "p.Config",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public record Config(String name) implements Actor<Config> {",
            "  public record GetName() implements Message<Config, String> {}",
            "",
            "  @Handler",
            "  public String get(GetName g) {",
            "    return name;",
            "  }",
            "}");
    String table =
        compile(dir, source).succeededWithoutWarnings().generatedSource("p.Kameo_Config");
    assertContains(table, "case p.Config.GetName msg -> actor.get(msg);");
  }

  @Test
  void enum_actor_gets_a_table() {
    Source source =
        Source.of(
            "p.Clock",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public enum Clock implements Actor<Clock> {",
            "  INSTANCE;",
            "",
            "  public record Now() implements Message<Clock, Long> {}",
            "",
            "  @Handler",
            "  long now(Now n) {",
            "    return 42L;",
            "  }",
            "}");
    String table = compile(dir, source).succeededWithoutWarnings().generatedSource("p.Kameo_Clock");
    assertContains(table, "case p.Clock.Now msg -> actor.now(msg);");
  }

  @Test
  void annotated_override_of_an_inherited_handler_is_the_same_handler() throws Exception {
    Source source =
        Source.of(
            "p.Parent",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public class Parent implements Actor<Parent> {",
            "  public record Hi() implements Message<Parent, String> {}",
            "",
            "  @Handler",
            "  String hi(Hi h) {",
            "    return \"parent\";",
            "  }",
            "",
            "  public static final class Child extends Parent {",
            "    @Handler",
            "    @Override",
            "    String hi(Hi h) {",
            "      return \"child\";",
            "    }",
            "  }",
            "}");
    Result result = compile(dir, source).succeededWithoutWarnings();
    try (URLClassLoader loader = result.classLoader()) {
      Object child = newInstance(loader, "p.Parent$Child");
      assertEquals(
          "child", tableOf(child.getClass()).handle(child, newInstance(loader, "p.Parent$Hi")));
    }
  }

  @Test
  void generated_names_do_not_clash_with_packages_or_java_lang_shadows() {
    // packages named like the table's variables, and classes named like java.lang's
    Source clash =
        Source.of(
            "message.Counter",
            "package message;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Context;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Counter implements Actor<Counter> {",
            "  @Handler",
            "  public long inc(actor.Inc m, Context<Counter, Long> ctx) {",
            "    return m.amount();",
            "  }",
            "",
            "  @Handler",
            "  public void reset(msg.Reset r) {}",
            "}");
    Source inc =
        Source.of(
            "actor.Inc",
            "package actor;",
            "",
            "public record Inc(long amount) implements io.kameo.Message<message.Counter, Long> {}");
    Source reset =
        Source.of(
            "msg.Reset",
            "package msg;",
            "",
            "public record Reset() implements io.kameo.Message<message.Counter, Void> {}");
    Source object = Source.of("message.Object", "package message;", "", "class Object {}");
    Source exception = Source.of("message.Exception", "package message;", "", "class Exception {}");
    Source override =
        Source.of("message.Override", "package message;", "", "@interface Override {}");
    Source type = Source.of("type.Marker", "package type;", "", "public class Marker {}");
    String table =
        compile(dir, clash, inc, reset, object, exception, override, type)
            .succeededWithoutWarnings()
            .generatedSource("message.Kameo_Counter");
    assertContains(table, "message.Counter actor_,\n      java.lang.Object message_,");
    assertContains(table, "case msg.Reset msg_ -> {\n        actor_.reset(msg_);");
  }

  @Test
  void actor_whose_message_type_another_processor_generates_is_processed_in_a_later_round()
      throws Exception {
    Path helper =
        Snippets.compilePlain(
            dir.resolve("helper"),
            Source.of(
                "gen.MessageGenerator",
                "package gen;",
                "",
                "import java.io.IOException;",
                "import java.io.Writer;",
                "import java.util.Set;",
                "import javax.annotation.processing.AbstractProcessor;",
                "import javax.annotation.processing.RoundEnvironment;",
                "import javax.lang.model.SourceVersion;",
                "import javax.lang.model.element.TypeElement;",
                "",
                "public final class MessageGenerator extends AbstractProcessor {",
                "  private boolean done;",
                "",
                "  @Override",
                "  public Set<String> getSupportedAnnotationTypes() {",
                "    return Set.of(\"*\");",
                "  }",
                "",
                "  @Override",
                "  public SourceVersion getSupportedSourceVersion() {",
                "    return SourceVersion.latestSupported();",
                "  }",
                "",
                "  @Override",
                "  public boolean process(Set<? extends TypeElement> a, RoundEnvironment r) {",
                "    if (!done) {",
                "      done = true;",
                "      try (Writer w = processingEnv.getFiler().createSourceFile(\"p.Later\")"
                    + ".openWriter()) {",
                "        w.write(\"package p; public record Later(String text)"
                    + " implements io.kameo.Message<Waiter, String> {}\");",
                "      } catch (IOException e) {",
                "        throw new RuntimeException(e);",
                "      }",
                "    }",
                "    return false;",
                "  }",
                "}"));
    Path services = helper.resolve("META-INF/services/javax.annotation.processing.Processor");
    Files.createDirectories(services.getParent());
    Files.writeString(services, "gen.MessageGenerator\n");
    Source waiter =
        Source.of(
            "p.Waiter",
            "package p;",
            "",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Waiter implements io.kameo.Actor<Waiter> {",
            "  @Handler",
            "  String later(Later l) {",
            "    return l.text();",
            "  }",
            "}");
    Result result =
        compile(dir.resolve("main"), List.of(), List.of(helper), waiter).succeededWithoutWarnings();
    assertContains(
        result.generatedSource("p.Kameo_Waiter"), "case p.Later msg -> actor.later(msg);");
    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Waiter");
      assertEquals(
          "late", tableOf(actor.getClass()).handle(actor, newInstance(loader, "p.Later", "late")));
    }
  }

  @Test
  void actor_in_a_named_module_compiles_without_requiring_java_compiler() {
    Source module =
        Source.of(
            "module-info",
            "module app {",
            "  requires io.kameo.core;",
            "  requires static io.kameo.annotations;",
            "}");
    Source counter =
        Source.of(
            "p.Counter",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Counter implements Actor<Counter> {",
            "  public record Inc(long amount) implements Message<Counter, Long> {}",
            "",
            "  long count;",
            "",
            "  @Handler",
            "  long inc(Inc m) {",
            "    return count += m.amount();",
            "  }",
            "}");
    Result result = Snippets.compileModule(dir, module, counter).succeededWithoutWarnings();
    assertContains(result.generatedSource("p.Kameo_Counter"), "case p.Counter.Inc msg");
    assertTrue(Files.exists(dir.resolve("classes/p/Kameo_Counter.class")), result.output());
  }

  @Test
  void checked_exceptions_of_handlers_pass_through_the_table() throws Exception {
    Source source =
        Source.of(
            "p.Failing",
            "package p;",
            "",
            "import io.kameo.Actor;",
            "import io.kameo.Message;",
            "import io.kameo.annotations.Handler;",
            "",
            "public final class Failing implements Actor<Failing> {",
            "  public record Read() implements Message<Failing, String> {}",
            "",
            "  @Handler",
            "  String read(Read r) throws java.io.IOException {",
            "    throw new java.io.IOException(\"disk on fire\");",
            "  }",
            "}");
    Result result = compile(dir, source).succeededWithoutWarnings();
    try (URLClassLoader loader = result.classLoader()) {
      Object actor = newInstance(loader, "p.Failing");
      java.io.IOException e =
          assertThrows(
              java.io.IOException.class,
              () -> tableOf(actor.getClass()).handle(actor, newInstance(loader, "p.Failing$Read")));
      assertEquals("disk on fire", e.getMessage());
    }
  }

  @Test
  void annotations_module_exports_only_the_annotations_and_provides_the_processor()
      throws Exception {
    // the annotations may be on the class path in this test run: read the jar's descriptor itself
    Path location =
        Path.of(
            io.kameo.annotations.Handler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    ModuleDescriptor descriptor;
    if (Files.isDirectory(location)) {
      try (InputStream in = Files.newInputStream(location.resolve("module-info.class"))) {
        descriptor = ModuleDescriptor.read(in);
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile());
          InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
        descriptor = ModuleDescriptor.read(in);
      }
    }
    assertEquals("io.kameo.annotations", descriptor.name());
    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source()));
    assertEquals(Set.of("io.kameo.annotations"), exported);
    assertEquals(1, descriptor.provides().size());
    ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
    assertEquals("javax.annotation.processing.Processor", provides.service());
    assertEquals(List.of("io.kameo.annotations.processor.HandlerProcessor"), provides.providers());
  }

  static void assertContains(String text, String expected) {
    assertTrue(text.contains(expected), () -> "expected\n" + expected + "\nin\n" + text);
  }

  /** A looked-up table, called with run-time types. */
  record Table(HandlerTable<?> table) {
    boolean handles(Class<?> type) {
      return table.handles(type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the actor class is only known at run time
    Object handle(Object actor, Object message) throws Exception {
      try {
        return ((HandlerTable) table).handle((Actor) actor, message, null);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new java.lang.reflect.UndeclaredThrowableException(t);
      }
    }
  }

  static Table tableOf(Class<?> actorClass) {
    return new Table(lookUp(actorClass));
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the actor class is only known at run time
  private static HandlerTable<?> lookUp(Class<?> actorClass) {
    return HandlerTables.of((Class) actorClass);
  }

  static Object newInstance(ClassLoader loader, String className, Object... args) throws Exception {
    Class<?> type = loader.loadClass(className);
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == args.length) {
        constructor.setAccessible(true);
        return constructor.newInstance(args);
      }
    }
    throw new AssertionError("no constructor with " + args.length + " parameters in " + type);
  }
}
