/**
 * Service discovery: which names an endpoint answers to on its networks, the DNS answers built
 * from them, and the forwarding of every other name to upstream resolvers.
 *
 * <p>Everything here is plain Java over dnsjava's wire format. The sockets that receive queries
 * inside sandboxes belong to the platform backend (on Linux {@code io.crossnet.linux.dns}); the
 * sockets this package opens ({@link io.crossnet.core.discovery.Forwarder}) are opened on the
 * caller's thread, so they live in the service's own network namespace.
 */
package io.crossnet.core.discovery;
