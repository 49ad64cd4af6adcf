package io.crossnet.service.firewall;

/** {@link ForeignRulesCases} with the nftables driver. */
class ForeignRulesNftIT extends ForeignRulesCases {
  @Override
  String driver() {
    return "nftables";
  }
}
