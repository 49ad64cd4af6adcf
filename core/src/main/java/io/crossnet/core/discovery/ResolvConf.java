package io.crossnet.core.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a resolv.conf crossnet uses: nameservers (as written), search domains and options.
 * Parsing is lenient like glibc's: unknown lines are ignored, a later {@code search} or
 * {@code domain} line replaces an earlier one, comments start with '#' or ';'.
 */
public record ResolvConf(List<String> nameservers, List<String> search, List<String> options) {

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = List.copyOf(options);
  }

  public static ResolvConf parse(String content) {
    List<String> servers = new ArrayList<>();
    List<String> search = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String raw : content.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] words = line.split("[ \t]+");
      switch (words[0]) {
        case "nameserver" -> {
          if (words.length > 1) {
            servers.add(words[1]);
          }
        }
        case "search", "domain" -> {
          search.clear();
          for (int i = 1; i < words.length && !words[i].startsWith("#"); i++) {
            search.add(words[i]);
          }
        }
        case "options" -> {
          for (int i = 1; i < words.length && !words[i].startsWith("#"); i++) {
            options.add(words[i]);
          }
        }
        default -> {
          // sortlist and unknown keywords do not matter to crossnet
        }
      }
    }
    return new ResolvConf(servers, search, options);
  }
}
