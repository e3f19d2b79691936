package io.kameo.annotations.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.kameo.Actor;
import io.kameo.annotations.Handler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.slf4j.LoggerFactory;

/**
 * Compiles snippets in memory with compile-testing the way a user's build does: the processor found
 * through {@code META-INF/services} (with any extra processors of a test), kameo-core and the
 * annotations on the class path, the build's lint flags and {@code -Werror}. Class files are also
 * written under the test's directory, so tests can load and run the generated tables.
 *
 * <p>kameo-core's classes come from this module's test sources (the pom adds kameo-core's main
 * sources to them; this module cannot depend on kameo-core, whose tests use this processor).
 */
final class Snippets {
  private Snippets() {}

  /** kameo-core's classes, the annotations' classes and slf4j: what a user compiles against. */
  private static final List<File> CLASS_PATH =
      List.of(location(Actor.class), location(Handler.class), location(LoggerFactory.class));

  private static final List<String> OPTIONS =
      List.of("--release", "21", "-Xlint:all,-processing", "-Werror", "-implicit:class");

  /** A source file: its qualified class name and lines. */
  record Source(String className, List<String> lines) {
    static Source of(String className, String... lines) {
      return new Source(className, List.of(lines));
    }

    String fileName() {
      return className.substring(className.lastIndexOf('.') + 1) + ".java";
    }

    JavaFileObject file() {
      return JavaFileObjects.forSourceLines(className, lines);
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

  /** One diagnostic: the file's name (no directory, "" for none), its line, kind and text. */
  record Diagnostic(String file, int line, String kind, String message) {
    static Diagnostic of(javax.tools.Diagnostic<? extends JavaFileObject> d) {
      String file = "";
      if (d.getSource() != null) {
        String name = d.getSource().getName();
        file = name.substring(name.lastIndexOf('/') + 1);
      }
      String kind =
          switch (d.getKind()) {
            case ERROR -> "error";
            case WARNING, MANDATORY_WARNING -> "warning";
            default -> "note";
          };
      int line = d.getLineNumber() == javax.tools.Diagnostic.NOPOS ? 0 : (int) d.getLineNumber();
      // javac's first line is the message; "symbol: …" and "location: …" lines may follow
      return new Diagnostic(
          file, line, kind, d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
    }
  }

  /** What one compilation produced. */
  record Result(Compilation compilation, Path dir, Set<String> generatedSources) {

    /** Returns the errors and warnings, one per line, for failure messages. */
    String output() {
      StringBuilder out = new StringBuilder();
      diagnostics().forEach(d -> out.append(d).append('\n'));
      return out.toString();
    }

    /** Returns the errors and warnings (notes are left out). */
    List<Diagnostic> diagnostics() {
      return compilation.diagnostics().stream()
          .map(Diagnostic::of)
          .filter(d -> !d.kind().equals("note"))
          .toList();
    }

    /** Asserts that compilation succeeded with no warning at all. */
    Result succeededWithoutWarnings() {
      assertThat(compilation).succeededWithoutWarnings();
      return this;
    }

    /** Asserts that compilation failed and returns the errors. */
    List<Diagnostic> errors() {
      assertThat(compilation).failed();
      return compilation.errors().stream().map(Diagnostic::of).toList();
    }

    /**
     * Asserts that compilation failed with exactly one error, {@code message}, in {@code source} on
     * the line that contains {@code lineFragment}; nothing else may be reported (no follow-up
     * errors from generated code).
     */
    void failedWith(String message, Source source, String lineFragment) {
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation)
          .hadErrorContaining(message)
          .inFile(source.file())
          .onLine(source.lineOf(lineFragment));
      Diagnostic expected =
          new Diagnostic(source.fileName(), source.lineOf(lineFragment), "error", message);
      if (!errors().equals(List.of(expected))) {
        fail("expected only\n  " + expected + "\ngot:\n" + output());
      }
    }

    /** Returns the text of the generated source file for class {@code className}. */
    String generatedSource(String className) {
      JavaFileObject file =
          compilation
              .generatedSourceFile(className)
              .orElseThrow(
                  () -> new AssertionError("no generated " + className + ":\n" + output()));
      try {
        return file.getCharContent(true).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Returns whether the processor generated a source file for class {@code className}, also in a
     * compilation that failed (whose files compile-testing does not keep).
     */
    boolean generated(String className) {
      return generatedSources.contains(className);
    }

    /** Returns a class loader over the compiled classes, child of this test's loader. */
    URLClassLoader classLoader() {
      return loaderOver(List.of(dir.resolve("classes")));
    }
  }

  /** Compiles {@code sources} with the processor, writing class files under {@code dir}. */
  static Result compile(Path dir, Source... sources) {
    return compile(dir, List.of(), List.of(), sources);
  }

  /**
   * Compiles {@code sources} with the processor, with more entries on the class path and on the
   * processor path (whose processors are found through {@code META-INF/services} too).
   */
  static Result compile(
      Path dir, List<Path> classPath, List<Path> processorPath, Source... sources) {
    List<Processor> processors = new ArrayList<>();
    Set<String> generated = ConcurrentHashMap.newKeySet();
    for (Processor p : ServiceLoader.load(Processor.class, loaderOver(processorPath))) {
      processors.add(p instanceof HandlerProcessor ? recording(p, generated) : p);
    }
    assertEquals(
        1,
        processors.stream().filter(p -> p instanceof Recording).count(),
        "META-INF/services names the processor once");
    List<File> classes = new ArrayList<>(CLASS_PATH);
    classPath.forEach(p -> classes.add(p.toFile()));
    Compilation compilation =
        Compiler.javac()
            .withProcessors(processors)
            .withClasspath(classes)
            .withOptions(OPTIONS)
            .compile(files(sources));
    writeClasses(compilation, dir.resolve("classes"));
    return new Result(compilation, dir, Set.copyOf(generated));
  }

  /**
   * Compiles a module's {@code sources} (a {@code module-info} among them) as a modular user build
   * does: kameo-core (compiled as a module once), slf4j and the annotations on the module path.
   */
  static Result compileModule(Path dir, Source... sources) {
    String modulePath =
        String.join(
            File.pathSeparator,
            CoreModule.DIR.toString(),
            location(Handler.class).toString(),
            location(LoggerFactory.class).toString());
    List<String> options = new ArrayList<>(OPTIONS);
    options.addAll(List.of("--module-path", modulePath));
    Set<String> generated = ConcurrentHashMap.newKeySet();
    Compilation compilation =
        Compiler.javac()
            .withProcessors(recording(new HandlerProcessor(), generated))
            .withOptions(options)
            .compile(files(sources));
    writeClasses(compilation, dir.resolve("classes"));
    return new Result(compilation, dir, Set.copyOf(generated));
  }

  /**
   * Compiles {@code sources} into {@code dir} without any annotation processing, kameo-core on the
   * class path: libraries and helper processors for the tests.
   */
  static Path compilePlain(Path dir, Source... sources) {
    Compilation compilation =
        Compiler.javac()
            .withClasspath(CLASS_PATH)
            .withOptions("--release", "21", "-proc:none")
            .compile(files(sources));
    assertThat(compilation).succeeded();
    writeClasses(compilation, dir);
    return dir;
  }

  /** A processor that records the names of the source files {@code processor} creates. */
  private static Processor recording(Processor processor, Set<String> generated) {
    return new Recording(processor, generated);
  }

  /** Forwards to a processor whose {@link Filer} records each source file it creates. */
  private record Recording(Processor processor, Set<String> generated) implements Processor {
    @Override
    public Set<String> getSupportedOptions() {
      return processor.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return processor.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return processor.getSupportedSourceVersion();
    }

    @Override
    public void init(ProcessingEnvironment env) {
      Filer filer = env.getFiler();
      Filer recordingFiler =
          forward(
              Filer.class,
              filer,
              (method, args) -> {
                if (method.getName().equals("createSourceFile")) {
                  generated.add(args[0].toString());
                }
              });
      processor.init(
          forward(
              ProcessingEnvironment.class,
              env,
              (method, args) -> {},
              Map.of("getFiler", recordingFiler)));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return processor.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String text) {
      return processor.getCompletions(element, annotation, member, text);
    }
  }

  /** Observes a call before it is forwarded. */
  private interface Observer {
    void before(Method method, Object[] args);
  }

  private static <T> T forward(Class<T> type, T target, Observer observer) {
    return forward(type, target, observer, Map.of());
  }

  /** A proxy of {@code target} that answers the methods named in {@code answers} itself. */
  private static <T> T forward(
      Class<T> type, T target, Observer observer, Map<String, Object> answers) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (answers.containsKey(method.getName())) {
            return answers.get(method.getName());
          }
          observer.before(method, args);
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(
        Proxy.newProxyInstance(Snippets.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static List<JavaFileObject> files(Source... sources) {
    return Stream.of(sources).map(Source::file).toList();
  }

  private static void writeClasses(Compilation compilation, Path dir) {
    if (compilation.status() != Compilation.Status.SUCCESS) {
      return; // compile-testing keeps no files of a failed compilation
    }
    try {
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() != JavaFileObject.Kind.CLASS) {
          continue;
        }
        String path = file.toUri().getPath();
        Path target = dir.resolve(path.substring(path.indexOf("/CLASS_OUTPUT/") + 14));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.copy(in, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URLClassLoader loaderOver(List<Path> entries) {
    try {
      List<URL> urls = new ArrayList<>();
      for (Path entry : entries) {
        urls.add(entry.toUri().toURL());
      }
      return new URLClassLoader(urls.toArray(URL[]::new), Snippets.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new AssertionError(e);
    }
  }

  /** kameo-core compiled as a module, once, from the sources the pom names. */
  private static final class CoreModule {
    static final Path DIR = compile();

    private static Path compile() {
      Path sources =
          Path.of(System.getProperty("kameo.core.sources", "../kameo-core/src/main/java"));
      try (Stream<Path> files = Files.walk(sources)) {
        Path out = Files.createTempDirectory("kameo-core-module");
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--release",
                    "21",
                    "-proc:none",
                    "--module-path",
                    location(LoggerFactory.class).toString(),
                    "-d",
                    out.toString()));
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "kameo-core");
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static File location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
