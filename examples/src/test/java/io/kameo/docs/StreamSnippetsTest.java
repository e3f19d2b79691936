package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import io.kameo.stream.AttachedStream;
import io.kameo.stream.StreamMessage;
import io.kameo.stream.Streams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/guide/16-streams.md, run. */
class StreamSnippetsTest {
  record Report() implements Message<LineCounter, List<String>> {}

  static final class LineCounter implements Actor<LineCounter> {
    private final List<String> log = new ArrayList<>();
    private int lines;

    @Handler
    void onLine(StreamMessage<String, String, String> msg) {
      switch (msg) {
        case StreamMessage.Started<String, String, String> s -> log.add("reading " + s.value());
        case StreamMessage.Next<String, String, String> n -> lines++;
        case StreamMessage.Finished<String, String, String> f ->
            log.add(f.value() + ": " + lines + " lines");
        case StreamMessage.Failed<String, String, String> f ->
            log.add(f.value() + " failed: " + f.error().getMessage());
      }
    }

    @Handler
    List<String> report(Report msg) {
      return List.copyOf(log);
    }
  }

  @Test
  void attach_a_file_and_a_publisher(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "one\ntwo\nthree\n");
    ActorRef<LineCounter> counter = Actor.spawn(new LineCounter());

    AttachedStream reading = Streams.attach(counter, Files.lines(file), "notes", "notes");
    reading.completion().toCompletableFuture().join(); // Finished is queued; the file is closed

    try (SubmissionPublisher<String> feed = new SubmissionPublisher<>()) {
      AttachedStream live = Streams.attach(counter, feed, "feed", "feed"); // subscribed now
      feed.submit("four"); // requested once Started was told
      feed.closeExceptionally(new IllegalStateException("feed lost")); // told as Failed
      live.completion().toCompletableFuture().join();
    }
    assertEquals(
        List.of("reading notes", "notes: 3 lines", "reading feed", "feed failed: feed lost"),
        counter.ask(new Report()));
  }

  @Test
  void cancel_an_endless_stream() {
    ActorRef<LineCounter> counter = Actor.spawn(new LineCounter());
    AttachedStream ticks = Streams.attach(counter, Stream.generate(() -> "tick"), "ticks", "ticks");
    ticks.cancel(); // no Finished; the stream is closed on its own thread
    CompletionException ended =
        assertThrows(
            CompletionException.class, () -> ticks.completion().toCompletableFuture().join());
    assertInstanceOf(CancellationException.class, ended.getCause());
  }
}
