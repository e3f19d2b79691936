package io.kameo.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kameo.Actor;
import io.kameo.annotations.Handler;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.slf4j.LoggerFactory;

/**
 * Compiles snippets with the handler processor the way a user's build does: javac in process,
 * kameo-core and the annotations on the class path, the annotations jar on the {@code
 * -processorpath} (so the processor is found through {@code META-INF/services}), the build's lint
 * flags and {@code -Werror}.
 *
 * <p>Why not compile-testing: these tests are patched into module io.kameo.core, whose test
 * compilation does not resolve module java.compiler, so no test can name a {@code javax.tools}
 * type. {@link ToolProvider} lives in java.base; diagnostics are read from javac's output.
 */
final class Snippets {
  private Snippets() {}

  /**
   * A private copy of kameo-core's classes to compile snippets against: the checkout's {@code
   * target/classes} may be rewritten by a concurrent build while these tests run.
   */
  private static final String CORE_CLASSES = snapshot(location(Actor.class));

  private static final Pattern DIAGNOSTIC =
      Pattern.compile("^(.+?\\.java):(\\d+): (error|warning): (.*)$");

  /** A source file: its qualified class name and lines. */
  record Source(String className, List<String> lines) {
    static Source of(String className, String... lines) {
      return new Source(className, List.of(lines));
    }

    String fileName() {
      return className.substring(className.lastIndexOf('.') + 1) + ".java";
    }

    /** Returns the 1-based number of the only line containing {@code fragment}. */
    int lineOf(String fragment) {
      int found = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(fragment)) {
          assertEquals(-1, found, "more than one line contains " + fragment);
          found = i + 1;
        }
      }
      assertTrue(found > 0, "no line contains " + fragment);
      return found;
    }
  }

  /** One diagnostic javac printed: the file's name (no directory), its line, kind and text. */
  record Diagnostic(String file, int line, String kind, String message) {}

  /** What one compilation produced. */
  record Result(boolean success, String output, List<Diagnostic> diagnostics, Path dir) {

    /** Asserts that compilation succeeded with no warning at all. */
    Result succeededWithoutWarnings() {
      if (!success || !diagnostics.isEmpty()) {
        fail("expected a clean compilation, got:\n" + output);
      }
      return this;
    }

    /** Asserts that compilation failed and returns the errors. */
    List<Diagnostic> errors() {
      List<Diagnostic> errors = diagnostics.stream().filter(d -> d.kind().equals("error")).toList();
      if (success || errors.isEmpty()) {
        fail("expected compilation errors, got:\n" + output);
      }
      return errors;
    }

    /**
     * Asserts that compilation failed with exactly one error, {@code message}, in {@code source} on
     * the line that contains {@code lineFragment}; nothing else may be reported (no follow-up
     * errors from generated code).
     */
    void failedWith(String message, Source source, String lineFragment) {
      List<Diagnostic> errors = errors();
      Diagnostic expected =
          new Diagnostic(source.fileName(), source.lineOf(lineFragment), "error", message);
      if (errors.size() != 1 || !errors.get(0).equals(expected)) {
        fail("expected only\n  " + expected + "\ngot:\n" + output);
      }
    }

    /** Returns the text of the generated source file for class {@code className}. */
    String generatedSource(String className) {
      Path file = dir.resolve("generated").resolve(className.replace('.', '/') + ".java");
      assertTrue(Files.exists(file), "no generated file " + file + "; javac said:\n" + output);
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns whether a source file was generated for class {@code className}. */
    boolean generated(String className) {
      return Files.exists(dir.resolve("generated").resolve(className.replace('.', '/') + ".java"));
    }

    /** Returns a class loader over the compiled classes, child of this test's loader. */
    URLClassLoader classLoader() {
      try {
        return new URLClassLoader(
            new URL[] {dir.resolve("classes").toUri().toURL()}, Snippets.class.getClassLoader());
      } catch (MalformedURLException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Compiles {@code sources} into {@code dir} with the processor. */
  static Result compile(Path dir, Source... sources) {
    return compile(dir, List.of(), List.of(), sources);
  }

  /**
   * Compiles {@code sources} into {@code dir} with the processor, with more entries on the class
   * path and on the processor path (after the annotations jar).
   */
  static Result compile(
      Path dir, List<Path> classPath, List<Path> processorPath, Source... sources) {
    List<String> processors = new ArrayList<>(List.of(location(Handler.class)));
    processorPath.forEach(p -> processors.add(p.toString()));
    List<String> classes =
        new ArrayList<>(
            List.of(CORE_CLASSES, location(Handler.class), location(LoggerFactory.class)));
    classPath.forEach(p -> classes.add(p.toString()));
    return run(
        dir,
        List.of(
            "-processorpath",
            String.join(File.pathSeparator, processors),
            "-classpath",
            String.join(File.pathSeparator, classes)),
        sources);
  }

  /**
   * Compiles a module's {@code sources} (a {@code module-info} among them) into {@code dir} as a
   * modular user build does: kameo-core, its dependencies and the annotations on the module path,
   * the processor found on the processor module path through the annotations module's {@code
   * provides} clause.
   */
  static Result compileModule(Path dir, Source... sources) {
    return run(
        dir,
        List.of(
            "--module-path",
            String.join(File.pathSeparator, coreModulePath()),
            "--processor-module-path",
            location(Handler.class)),
        sources);
  }

  /**
   * Returns kameo-core, the annotations and the modules kameo-core requires (transitively), found
   * among this test's class and module path entries.
   */
  private static List<String> coreModulePath() {
    List<Path> entries = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(File.pathSeparator)) {
        if (!entry.isEmpty() && !Path.of(entry).equals(Path.of(location(Actor.class)))) {
          entries.add(Path.of(entry));
        }
      }
    }
    ModuleFinder finder = ModuleFinder.of(entries.toArray(Path[]::new));
    ModuleFinder core = ModuleFinder.of(Path.of(CORE_CLASSES));
    List<String> path = new ArrayList<>(List.of(CORE_CLASSES, location(Handler.class)));
    ArrayDeque<ModuleDescriptor> todo = new ArrayDeque<>();
    todo.add(core.find("io.kameo.core").orElseThrow().descriptor());
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      for (ModuleDescriptor.Requires requires : todo.remove().requires()) {
        if (seen.add(requires.name()) && ModuleFinder.ofSystem().find(requires.name()).isEmpty()) {
          ModuleReference found =
              finder
                  .find(requires.name())
                  .orElseThrow(() -> new AssertionError("module not found: " + requires.name()));
          path.add(Path.of(found.location().orElseThrow()).toString());
          todo.add(found.descriptor());
        }
      }
    }
    return path;
  }

  private static Result run(Path dir, List<String> paths, Source... sources) {
    try {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--release",
                  "21",
                  "-Xlint:all,-processing",
                  "-Werror",
                  "-implicit:class",
                  "-d",
                  dir.resolve("classes").toString(),
                  "-s",
                  dir.resolve("generated").toString()));
      args.addAll(paths);
      Files.createDirectories(dir.resolve("classes"));
      Files.createDirectories(dir.resolve("generated"));
      for (Source source : sources) {
        Path file = dir.resolve("src").resolve(source.className().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.write(file, source.lines());
        args.add(file.toString());
      }
      StringWriter output = new StringWriter();
      PrintWriter writer = new PrintWriter(output);
      ToolProvider javac =
          ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac"));
      int status = javac.run(writer, writer, args.toArray(String[]::new));
      writer.flush();
      List<Diagnostic> diagnostics = new ArrayList<>();
      for (String line : output.toString().split("\\R")) {
        Matcher m = DIAGNOSTIC.matcher(line);
        if (m.matches()) {
          diagnostics.add(
              new Diagnostic(
                  Path.of(m.group(1)).getFileName().toString(),
                  Integer.parseInt(m.group(2)),
                  m.group(3),
                  m.group(4)));
        } else if (line.startsWith("error: ") || line.startsWith("warning: ")) {
          int colon = line.indexOf(": ");
          diagnostics.add(
              new Diagnostic("", 0, line.substring(0, colon), line.substring(colon + 2)));
        }
      }
      return new Result(status == 0, output.toString(), diagnostics, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles {@code sources} into {@code dir} without any annotation processing and with kameo-core
   * on the class path: libraries and helper processors for the tests.
   */
  static Path compilePlain(Path dir, Source... sources) {
    try {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--release",
                  "21",
                  "-proc:none",
                  "-classpath",
                  String.join(
                      File.pathSeparator,
                      CORE_CLASSES,
                      location(Handler.class),
                      location(LoggerFactory.class)),
                  "-d",
                  dir.toString()));
      for (Source source : sources) {
        Path file = dir.resolve("src").resolve(source.className().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.write(file, source.lines());
        args.add(file.toString());
      }
      StringWriter output = new StringWriter();
      PrintWriter writer = new PrintWriter(output);
      int status =
          ToolProvider.findFirst("javac")
              .orElseThrow(() -> new AssertionError("no javac"))
              .run(writer, writer, args.toArray(String[]::new));
      writer.flush();
      assertEquals(0, status, output::toString);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String snapshot(String classes) {
    Path source = Path.of(classes);
    if (!Files.isDirectory(source)) {
      return classes; // a jar: nobody rewrites it under us
    }
    try {
      Path copy = Files.createTempDirectory("kameo-core-classes");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(copy)));
      for (int attempt = 1; ; attempt++) {
        try (var files = Files.walk(source)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Path target = copy.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(target);
            } else {
              Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
          if (Files.exists(copy.resolve("io/kameo/Actor.class"))
              && Files.exists(copy.resolve("io/kameo/spi/HandlerTables.class"))) {
            return copy.toString();
          }
        } catch (IOException e) {
          if (attempt >= 10) {
            throw e;
          }
        }
        if (attempt >= 10) {
          throw new AssertionError("kameo-core classes incomplete in " + source);
        }
        Thread.sleep(500); // a concurrent build is rewriting them; no test logic waits on this
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
