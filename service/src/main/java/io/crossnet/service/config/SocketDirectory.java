package io.crossnet.service.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prepares the API socket before the HTTP server binds it (startup observers run first): the
 * directory is created owner-only (0700), which is what makes the socket root-only, and a socket
 * file left by a crashed run is removed, since binding over it would fail.
 */
public class SocketDirectory {

  void prepare(@Observes StartupEvent event,
      @ConfigProperty(name = "quarkus.http.domain-socket-enabled", defaultValue = "false") boolean enabled,
      @ConfigProperty(name = "quarkus.http.domain-socket") Optional<String> socket) {
    if (!enabled || socket.isEmpty()) {
      return;
    }
    Path path = Path.of(socket.get());
    try {
      Path dir = path.getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (Files.exists(path) && !answers(path)) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare API socket " + path, e);
    }
  }

  /** A live socket belongs to another running instance: leave it, and let the bind fail loudly. */
  private static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
