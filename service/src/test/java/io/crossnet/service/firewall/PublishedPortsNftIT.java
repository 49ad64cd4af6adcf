package io.crossnet.service.firewall;

/** {@link PublishedPortsCases} with the nftables driver. */
class PublishedPortsNftIT extends PublishedPortsCases {
  @Override
  String driver() {
    return "nftables";
  }
}
