package io.crossnet.linux.firewall.iptables;

import io.crossnet.core.backend.OwnedObject;

/**
 * One rule in one of crossnet's chains (or a jump into one from a built-in chain): its family,
 * table, chain and specification exactly as {@code iptables-save} prints it (so a listing compares
 * equal to what crossnet adds), and the network or endpoint id of its {@code net:<id>} comment
 * (null for the base rules every network shares). {@code insert} rules go to the head of their
 * chain ({@code -I}), ahead of the chain's shared tail.
 */
record IptablesRule(Family family, String table, String chain, String spec, String owner, boolean insert) {
  static final String KIND = "iptables-rule";

  IptablesRule(Family family, String table, String chain, String spec, String owner) {
    this(family, table, chain, spec, owner, false);
  }

  /** The restore line that adds it. */
  String addLine() {
    return (insert ? "-I " : "-A ") + chain + " " + spec;
  }

  /** The restore line that deletes (the first copy of) it. */
  String deleteLine() {
    return "-D " + chain + " " + spec;
  }

  /** Family, table, chain and spec: what tells two rules apart (the owner is part of the spec). */
  String id() {
    return family.saveTool().replace("-save", "") + " " + table + " " + chain + " " + spec;
  }

  /** The key of its chain in a {@link IptablesState}. */
  String chainKey() {
    return table + " " + chain;
  }

  OwnedObject owned() {
    return new OwnedObject(KIND, id(), owner);
  }
}
