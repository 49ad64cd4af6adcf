package io.crossnet.linux.dns;

import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /etc/netns/NAME/resolv.conf} for sandboxes named {@code /var/run/netns/NAME}: programs
 * started with {@code ip netns exec NAME} see it as their {@code /etc/resolv.conf}.
 *
 * <p>crossnet only ever writes a file that does not exist or that it wrote itself (recognised by
 * its first line, {@link #MARKER}); anything else is the administrator's and is left alone, as
 * are symbolic links. Removal follows the same rule.
 */
public final class NetnsResolvConf implements AutoCloseable {
  public static final Path DEFAULT_ROOT = Path.of("/etc/netns");

  /** The first line of every file crossnet writes. Deleting the line hands the file to the user. */
  public static final String MARKER = "# crossnet-managed: written for this network namespace; delete this line to keep your own edits";
  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.ISO_8859_1);

  /** The names SandboxRef accepts under /var/run/netns; never '.', '..' or anything with a '/'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  /** A search domain or option: one word of printable characters, nothing that could start a new line. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:+-]{1,253}");

  /** What {@link #write} did. */
  public enum Outcome {
    /** The file is crossnet's and now has the given content. */
    WRITTEN,
    /** A file crossnet did not write is there; it was left as it is. */
    FOREIGN
  }

  private static final String FILE = "resolv.conf";

  private final Path root;
  private final SpareDirs spares;

  public NetnsResolvConf() {
    this(DEFAULT_ROOT);
  }

  /** {@code root} stands for /etc/netns; tests pass a directory of their own. */
  public NetnsResolvConf(Path root) {
    this.root = root;
    this.spares = new SpareDirs(root, FILE, MARKER + "\n");
  }

  /** The file for a namespace name, after checking the name. */
  public Path path(String netnsName) {
    return dir(netnsName).resolve(FILE);
  }

  /** Writes the settings for the namespace, unless a file crossnet did not write is there. */
  public Outcome write(String netnsName, DnsSettings settings) {
    Path dir = dir(netnsName);
    String content = render(settings);
    Path file = dir.resolve(FILE);
    try {
      boolean exists = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
      if (Files.isSymbolicLink(dir) || (exists && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
        return Outcome.FOREIGN;
      }
      if (!exists && spares.fill(dir, content)) {
        return Outcome.WRITTEN;
      }
      Files.createDirectories(dir);
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        try {
          // CREATE_NEW: if someone else creates the file meanwhile, theirs wins
          Files.writeString(file, content, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE);
          return Outcome.WRITTEN;
        } catch (FileAlreadyExistsException e) {
          // fall through to the ownership check
        }
      }
      if (!ours(file)) {
        return Outcome.FOREIGN;
      }
      if (content.equals(Files.readString(file, StandardCharsets.UTF_8))) {
        return Outcome.WRITTEN;
      }
      // replace atomically: a resolver reading it sees the old file or the new one, never half
      Path tmp = Files.createTempFile(dir, ".resolv.conf.", ".crossnet");
      try {
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return Outcome.WRITTEN;
    } catch (IOException e) {
      throw new BackendFailure("write " + file, e.getClass().getSimpleName(), e.getMessage(), e);
    }
  }

  /**
   * Removes the namespace's file if crossnet wrote it, and its directory when that is then
   * empty (kept as a spare for the next attach, see {@link SpareDirs}). Returns whether a file
   * was removed.
   */
  public boolean remove(String netnsName) {
    Path dir = dir(netnsName);
    Path file = dir.resolve(FILE);
    try {
      if (Files.isSymbolicLink(dir) || !ours(file)) {
        return false;
      }
      Files.delete(file);
      if (spares.keep(dir)) {
        return true;
      }
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        // other files (hosts, nsswitch.conf) belong to someone else
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new BackendFailure("remove " + file, e.getClass().getSimpleName(), e.getMessage(), e);
    }
  }

  /** Spare directories held now (tests). */
  int spares() {
    return spares.size();
  }

  /** Removes the spare directories; the sandboxes' files stay. */
  @Override
  public void close() {
    spares.close();
  }

  /** Whether the file is a regular file (not a link) whose first line is crossnet's marker. */
  boolean ours(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    // the marker and the byte after it, not a reader: a BufferedReader allocates 16 KiB, at every detach
    byte[] head = new byte[MARKER_BYTES.length + 1];
    int n;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return n >= MARKER_BYTES.length
        && Arrays.equals(head, 0, MARKER_BYTES.length, MARKER_BYTES, 0, MARKER_BYTES.length)
        && (n == MARKER_BYTES.length || head[n - 1] == '\n' || head[n - 1] == '\r');
  }

  static String render(DnsSettings s) {
    StringBuilder b = new StringBuilder(MARKER).append('\n');
    for (String ns : s.nameservers()) {
      b.append("nameserver ").append(word("nameserver", ns)).append('\n');
    }
    line(b, "search", s.search());
    line(b, "options", s.options());
    return b.toString();
  }

  /**
   * A search or options line. These words come from the host's resolv.conf; one that could not
   * be written safely is left out rather than failing the attach that asked for the file.
   */
  private static void line(StringBuilder b, String keyword, List<String> words) {
    StringBuilder l = new StringBuilder(keyword);
    for (String w : words) {
      if (w != null && WORD.matcher(w).matches()) {
        l.append(' ').append(w);
      }
    }
    if (l.length() > keyword.length()) {
      b.append(l).append('\n');
    }
  }

  private Path dir(String netnsName) {
    if (netnsName == null || !NAME.matcher(netnsName).matches()) {
      throw new InvalidRequest("sandbox", "'" + Names.printable(netnsName) + "' is not a network namespace name");
    }
    return root.resolve(netnsName);
  }

  private static String word(String field, String value) {
    if (value == null || !WORD.matcher(value).matches()) {
      throw new InvalidRequest(field, "'" + Names.printable(value) + "' cannot go into a resolv.conf");
    }
    return value;
  }
}
