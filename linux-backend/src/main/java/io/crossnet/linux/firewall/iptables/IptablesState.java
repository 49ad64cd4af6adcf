package io.crossnet.linux.firewall.iptables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one family's tables hold of crossnet, read from {@code iptables-save} and then kept up to
 * date with every batch crossnet applies: its chains with their rules (in order, with how many
 * copies of each), the jumps into them from built-in chains, and the rules per owner. It lets a
 * change add only what is missing and delete only what is there (a {@code -D} of an absent rule
 * fails a whole restore) without listing first; a batch the kernel refuses makes the firewall read
 * it again. Only chains named {@code CROSSNET-*} and rules jumping to them are kept.
 */
final class IptablesState {
  private final Family family;
  /** "table CHAIN" to the specs in the chain, with their number of copies. */
  private final Map<String, LinkedHashMap<String, Integer>> chains = new HashMap<>();
  /** "table BUILTIN spec" of rules in built-in chains that jump into a crossnet chain. */
  private final Set<String> jumps = new HashSet<>();
  private final Map<String, Map<String, IptablesRule>> byOwner = new HashMap<>();

  private IptablesState(Family family) {
    this.family = family;
  }

  static IptablesState empty(Family family) {
    return new IptablesState(family);
  }

  /** Parses the output of {@code iptables-save} (every table) or {@code iptables-save -t TABLE}. */
  static IptablesState parse(Family family, String save) {
    IptablesState s = new IptablesState(family);
    String table = null;
    for (String line : save.split("\n")) {
      if (line.startsWith("*")) {
        table = line.substring(1).trim();
      } else if (line.startsWith(":") && table != null) {
        String chain = line.substring(1).split(" ", 2)[0];
        if (IptablesBase.ours(chain)) {
          s.chains.putIfAbsent(table + " " + chain, new LinkedHashMap<>());
        }
      } else if (line.startsWith("-A ") && table != null) {
        String[] parts = line.substring(3).split(" ", 2);
        String chain = parts[0];
        String spec = parts.length > 1 ? parts[1] : "";
        if (IptablesBase.ours(chain)) {
          s.add(new IptablesRule(family, table, chain, spec, IptablesRules.ownerOf(spec)));
        } else if (spec.matches(".*-j " + IptablesBase.PREFIX + "[A-Z0-9-]+$")) {
          s.jumps.add(table + " " + chain + " " + spec);
        }
      }
    }
    return s;
  }

  Family family() {
    return family;
  }

  boolean hasChain(String table, String chain) {
    return chains.containsKey(table + " " + chain);
  }

  /** The specs of a chain in order, each as often as it is there; empty for a missing chain. */
  List<String> rules(String table, String chain) {
    List<String> out = new ArrayList<>();
    LinkedHashMap<String, Integer> c = chains.get(table + " " + chain);
    if (c != null) {
      c.forEach((spec, n) -> {
        for (int i = 0; i < n; i++) {
          out.add(spec);
        }
      });
    }
    return out;
  }

  boolean has(IptablesRule r) {
    LinkedHashMap<String, Integer> c = chains.get(r.chainKey());
    return c != null && c.containsKey(r.spec());
  }

  /** How many copies of the rule are there (a foreign tool or an old crash may have doubled one). */
  int copies(IptablesRule r) {
    LinkedHashMap<String, Integer> c = chains.get(r.chainKey());
    return c == null ? 0 : c.getOrDefault(r.spec(), 0);
  }

  boolean hasJump(IptablesBase.Jump j) {
    return jumps.contains(j.key());
  }

  /** The rules whose comment names {@code owner}. */
  List<IptablesRule> owned(String owner) {
    Map<String, IptablesRule> m = byOwner.get(owner);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** Every rule with an owner, for the reconciler. */
  List<IptablesRule> allOwned() {
    List<IptablesRule> out = new ArrayList<>();
    byOwner.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  void declare(String table, String chain) {
    chains.computeIfAbsent(table + " " + chain, k -> new LinkedHashMap<>());
  }

  /** A redeclared chain ({@code :CHAIN} in a restore) is emptied. */
  void flush(String table, String chain) {
    LinkedHashMap<String, Integer> c = chains.get(table + " " + chain);
    if (c != null) {
      for (String spec : c.keySet()) {
        forget(IptablesRules.ownerOf(spec), family + " " + table + " " + chain + " " + spec);
      }
      c.clear();
    }
  }

  void add(IptablesRule r) {
    chains.computeIfAbsent(r.chainKey(), k -> new LinkedHashMap<>()).merge(r.spec(), 1, Integer::sum);
    if (r.owner() != null) {
      byOwner.computeIfAbsent(r.owner(), k -> new LinkedHashMap<>()).put(family + " " + r.table() + " " + r.chain() + " " + r.spec(), r);
    }
  }

  void addJump(IptablesBase.Jump j) {
    jumps.add(j.key());
  }

  /** Forgets every copy of the rule. */
  void remove(IptablesRule r) {
    LinkedHashMap<String, Integer> c = chains.get(r.chainKey());
    if (c != null) {
      c.remove(r.spec());
    }
    forget(r.owner(), family + " " + r.table() + " " + r.chain() + " " + r.spec());
  }

  private void forget(String owner, String key) {
    if (owner == null) {
      return;
    }
    Map<String, IptablesRule> m = byOwner.get(owner);
    if (m != null) {
      m.remove(key);
      if (m.isEmpty()) {
        byOwner.remove(owner);
      }
    }
  }
}
