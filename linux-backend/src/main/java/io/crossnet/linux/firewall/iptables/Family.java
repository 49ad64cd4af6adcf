package io.crossnet.linux.firewall.iptables;

/**
 * An address family and its tool set: iptables for IPv4, ip6tables for IPv6. Filter rules go
 * to both families (isolation and icc must hold for IPv6 link-local traffic too); NAT rules go
 * to the family of the subnet or address they name.
 */
enum Family {
  V4("iptables-restore", "iptables-save"),
  V6("ip6tables-restore", "ip6tables-save");

  private final String restore;
  private final String save;

  Family(String restore, String save) {
    this.restore = restore;
    this.save = save;
  }

  String restoreTool() {
    return restore;
  }

  String saveTool() {
    return save;
  }

  static Family of(boolean v4) {
    return v4 ? V4 : V6;
  }
}
