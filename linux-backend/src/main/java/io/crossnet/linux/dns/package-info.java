/**
 * The embedded resolver on Linux: a DNS server at 127.0.0.11:53 inside each sandbox's network
 * namespace, and the {@code /etc/netns/NAME/resolv.conf} that points named namespaces at it.
 *
 * <p>Namespaces and threads: the listening sockets are opened inside the sandbox (through
 * {@link io.crossnet.linux.ns.NetNs#run}) and stay bound there, but every thread here is started
 * from the service's own namespace and stays in it. Forwarded queries therefore leave from the
 * host's namespace, so upstreams on the host's loopback work, and no thread ever carries a
 * sandbox's namespace to unrelated work.
 */
package io.crossnet.linux.dns;
