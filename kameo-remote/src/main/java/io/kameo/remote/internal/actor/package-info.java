/** INTERNAL API. The wire formats of remote actor messaging ({@code /kameo/actor/1.0.0}). */
package io.kameo.remote.internal.actor;
