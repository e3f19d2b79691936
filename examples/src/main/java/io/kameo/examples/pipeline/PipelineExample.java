package io.kameo.examples.pipeline;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Context;
import io.kameo.DelegatedReply;
import io.kameo.Message;
import io.kameo.annotations.Handler;
import java.io.PrintStream;
import java.util.List;

/**
 * Request/reply between actors: a front actor parses a request, forwards the work to a tokenizer,
 * which answers the original caller directly; a counter actor is asked from inside a handler.
 */
public final class PipelineExample {

  /** Counts the words of a sentence. */
  public record CountWords(String sentence) implements Message<Front, Integer> {}

  /** Splits a sentence into words. */
  public record Tokenize(String sentence) implements Message<Tokenizer, List<String>> {}

  /** Counts words and replies with the count. */
  public record Count(String sentence) implements Message<Tokenizer, Integer> {}

  /** Splits sentences. */
  public static final class Tokenizer implements Actor<Tokenizer> {
    @Handler
    List<String> tokenize(Tokenize msg) {
      return List.of(msg.sentence().trim().split("\\s+"));
    }

    @Handler
    Integer count(Count msg) {
      return tokenize(new Tokenize(msg.sentence())).size();
    }
  }

  /** Receives requests and forwards the work. */
  public static final class Front implements Actor<Front> {
    private final ActorRef<Tokenizer> tokenizer;

    Front(ActorRef<Tokenizer> tokenizer) {
      this.tokenizer = tokenizer;
    }

    @Handler
    DelegatedReply<Integer> countWords(CountWords msg, Context<Front, Integer> ctx) {
      // The tokenizer replies to our caller directly; this actor is free at once.
      return ctx.forward(tokenizer, new Count(msg.sentence()));
    }
  }

  private PipelineExample() {}

  /** Runs the example, printing to {@code out}; returns the word count. */
  public static int run(PrintStream out) {
    ActorRef<Tokenizer> tokenizer = Actor.spawn(new Tokenizer());
    ActorRef<Front> front = Actor.spawn(new Front(tokenizer));

    int words = front.ask(new CountWords("actors all the way down"));
    out.println("words = " + words);
    out.println("tokens = " + tokenizer.ask(new Tokenize("one two three")));

    front.stopGracefully();
    tokenizer.stopGracefully();
    front.waitForShutdown();
    tokenizer.waitForShutdown();
    return words;
  }

  /** Entry point. */
  public static void main(String[] args) {
    run(System.out);
  }
}
