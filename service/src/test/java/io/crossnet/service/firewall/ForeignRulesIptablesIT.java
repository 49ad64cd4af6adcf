package io.crossnet.service.firewall;

/** {@link ForeignRulesCases} with the iptables driver. */
class ForeignRulesIptablesIT extends ForeignRulesCases {
  @Override
  String driver() {
    return "iptables";
  }
}
