package io.crossnet.service.firewall;

/** {@link PublishedPortsCases} with the iptables driver. */
class PublishedPortsIptablesIT extends PublishedPortsCases {
  @Override
  String driver() {
    return "iptables";
  }
}
