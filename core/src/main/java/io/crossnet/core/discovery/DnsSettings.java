package io.crossnet.core.discovery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sandbox's resolv.conf should say: crossnet's resolver, the search domains (the networks'
 * own first, then the host's) and options. The attach response returns it so that orchestrators
 * can write their own file; {@code NetnsResolvConf} writes it for named namespaces.
 */
public record DnsSettings(List<String> nameservers, List<String> search, List<String> options) {
  public static final String SERVER = "127.0.0.11";

  /** glibc limits: six search domains (older versions), 256 characters of search list. */
  private static final int MAX_SEARCH = 6;

  public DnsSettings {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = List.copyOf(options);
  }

  /**
   * Settings for a sandbox on networks with {@code networkDomains}, given the host's
   * configuration. {@code ndots:0} as Docker does: a name with a dot is tried as is first, so
   * {@code web.dom} does not go out to every search domain before being answered.
   */
  public static DnsSettings forSandbox(List<String> networkDomains, ResolvConf host) {
    Set<String> search = new LinkedHashSet<>(networkDomains);
    search.addAll(host.search());
    List<String> s = new ArrayList<>(search);
    if (s.size() > MAX_SEARCH) {
      s = s.subList(0, MAX_SEARCH);
    }
    List<String> options = new ArrayList<>();
    for (String o : host.options()) {
      if (!o.startsWith("ndots:")) {
        options.add(o);
      }
    }
    options.add("ndots:0");
    return new DnsSettings(List.of(SERVER), s, options);
  }
}
