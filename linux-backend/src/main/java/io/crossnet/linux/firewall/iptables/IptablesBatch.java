package io.crossnet.linux.firewall.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One family's change as one {@code iptables-restore --noflush} input: per table, chain
 * declarations (which create a chain, or empty an existing one), then deletes, then adds, then
 * one {@code COMMIT}. Once the kernel has taken it, {@link #applyTo} records the same change in the
 * {@link IptablesState}.
 */
final class IptablesBatch {
  /** What a rule read back from the kernel may contain before it is written into a restore line again. */
  private static final Pattern SAFE_SPEC = Pattern.compile("^[A-Za-z0-9 _.:/!\"\\[\\],+=-]+$");

  private final Family family;
  private final Map<String, List<String>> lines = new LinkedHashMap<>();
  /** Declarations take effect first, as they come first in the text. */
  private final List<java.util.function.Consumer<IptablesState>> declarations = new ArrayList<>();
  private final List<java.util.function.Consumer<IptablesState>> effects = new ArrayList<>();

  IptablesBatch(Family family) {
    this.family = family;
    for (String t : IptablesBase.TABLES) {
      lines.put(t, new ArrayList<>());
    }
  }

  Family family() {
    return family;
  }

  /** Creates the chain, or empties it when it exists. */
  void declare(String table, String chain) {
    lines.get(table).add(0, ":" + chain + " - [0:0]");
    declarations.add(s -> {
      s.flush(table, chain);
      s.declare(table, chain);
    });
  }

  /** Deletes {@code copies} copies of the rule (all there are). */
  void delete(IptablesRule r, int copies) {
    String line = safe(r.deleteLine());
    for (int i = 0; i < copies; i++) {
      lines.get(r.table()).add(line);
    }
    effects.add(s -> s.remove(r));
  }

  void add(IptablesRule r) {
    lines.get(r.table()).add(safe(r.addLine()));
    effects.add(s -> s.add(r));
  }

  /** Puts the jump at the head of the built-in chain, ahead of whatever the host has there. */
  void jump(IptablesBase.Jump j) {
    lines.get(j.table()).add("-I " + j.builtin() + " " + j.spec());
    effects.add(s -> s.addJump(j));
  }

  boolean isEmpty() {
    return lines.values().stream().allMatch(List::isEmpty);
  }

  /** The restore input; declarations come first in each table because {@link #declare} puts them at the front. */
  String text() {
    StringBuilder b = new StringBuilder();
    lines.forEach((table, ls) -> {
      if (!ls.isEmpty()) {
        b.append('*').append(table).append('\n');
        ls.forEach(l -> b.append(l).append('\n'));
        b.append("COMMIT\n");
      }
    });
    return b.toString();
  }

  void applyTo(IptablesState state) {
    declarations.forEach(e -> e.accept(state));
    effects.forEach(e -> e.accept(state));
  }

  /**
   * Refuses a line that could be more than one rule: no newline, nothing outside the characters
   * rules of crossnet's shape use. Rules built here are validated already; rules read back from
   * the kernel (to delete them) are checked here.
   */
  private static String safe(String line) {
    if (!SAFE_SPEC.matcher(line).matches()) {
      throw new IllegalArgumentException("refusing to write an unexpected rule into iptables-restore input: '" + line + "'");
    }
    return line;
  }
}
