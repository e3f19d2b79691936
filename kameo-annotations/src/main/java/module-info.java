/**
 * Kameo's compile-time support: the {@link io.kameo.annotations.Handler} annotation and the
 * annotation processor that turns an actor's handler methods into a generated handler table, and
 * {@link io.kameo.annotations.RemoteActor} and {@link io.kameo.annotations.RemoteMessage}, which
 * make an actor and its handlers callable by remote peers (the table registers their ids).
 *
 * <p>Put this jar on the annotation processor path of any module that declares actors.
 */
module io.kameo.annotations {
  requires java.compiler;

  exports io.kameo.annotations;

  provides javax.annotation.processing.Processor with
      io.kameo.annotations.processor.HandlerProcessor;
}
