package io.kameo.processor;

import static io.kameo.processor.Snippets.compile;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.processor.Snippets.Source;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the processor generates for valid actors; every result compiles with -Werror. */
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
    assertContains(table, "return p.Inc.class.isAssignableFrom(type);");
    assertContains(table, "case p.Inc msg -> actor.inc(msg);");
    assertContains(
        table,
        "default -> throw new IllegalArgumentException(\n"
            + "          \"Counter has no handler for \" + message.getClass().getName());");
  }

  static void assertContains(String text, String expected) {
    assertTrue(text.contains(expected), () -> "expected\n" + expected + "\nin\n" + text);
  }
}
