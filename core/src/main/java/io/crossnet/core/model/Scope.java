package io.crossnet.core.model;

/** {@code local}: this host only, kept in the embedded store. {@code global}: all hosts, kept in etcd. */
public enum Scope {
  LOCAL,
  GLOBAL
}
