/** The local registry: actors of this process by name, looked up with their type checked. */
package io.kameo.registry;
