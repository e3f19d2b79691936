/**
 * INTERNAL API: the annotation processor that generates handler tables. Not exported; javac finds
 * {@link io.kameo.annotations.processor.HandlerProcessor} as a service on the processor path or the
 * processor module path.
 */
package io.kameo.annotations.processor;
