package io.crossnet.linux.link;

import io.crossnet.linux.ns.NetNs;

/**
 * The far end of a veth pair as it is created: its final name, MAC ({@code null} lets the kernel
 * pick), MTU, and the namespace it is born in, so it never appears in the host namespace under a
 * temporary name.
 */
public record VethPeer(String name, String mac, int mtu, NetNs netns) {}
