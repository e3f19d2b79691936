/**
 * INTERNAL API. The JFR events of remote messaging ({@code io.kameo.remote.MessageSent}, {@code
 * MessageReceived}, {@code MessageFailed}, category "Kameo / Remote"), for {@code jcmd <pid>
 * JFR.start} or JDK Mission Control. Each call site tests {@code isEnabled()} before it fills an
 * event in, so a JVM that records nothing pays a flag test per message.
 */
package io.kameo.remote.internal.jfr;
