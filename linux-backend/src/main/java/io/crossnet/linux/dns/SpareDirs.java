package io.crossnet.linux.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Directories of detached sandboxes, kept under {@code ROOT/.crossnet-spare/} to serve the next
 * attach, each holding a resolv.conf that no sandbox has had yet.
 *
 * <p>Why: on an ext4 without a journal (this machine kind's root file system), the inode
 * allocator skips every inode freed in the last one to six minutes and reads its inode block to
 * find that out, so under attach/detach churn each new directory or file cost 0.2-0.6 ms of
 * kernel time (docs/performance.md, finding 11). A spare is renamed into place instead, which
 * allocates nothing. Its file is made when the sandbox's directory is retired (in the detach,
 * which waits for the kernel for far longer anyway), never taken over from a sandbox: a process
 * started with {@code ip netns exec} keeps the old file bind-mounted as its /etc/resolv.conf, and
 * must not see another sandbox's settings appear in it.
 */
final class SpareDirs implements AutoCloseable {
  /** A spare costs two inodes and two blocks; this many cover a full bridge's worth of churn. */
  static final int MAX = 1024;
  static final String DIR = ".crossnet-spare";

  private final Path pool;
  private final String file;
  private final byte[] placeholder;
  /** Spare names of this instance: a random tag, so a second instance on the same root never collides. */
  private final String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final AtomicLong next = new AtomicLong();
  private final ConcurrentLinkedDeque<Path> spares = new ConcurrentLinkedDeque<>();
  /** The deque's length: its own {@code size()} walks every node, at every detach. */
  private final AtomicInteger count = new AtomicInteger();

  SpareDirs(Path root, String file, String placeholder) {
    this.pool = root.resolve(DIR);
    this.file = file;
    this.placeholder = placeholder.getBytes(StandardCharsets.UTF_8);
    adoptLeftovers();
  }

  /** What a crash left: reused like the others once checked, and removed on {@link #close}. */
  private void adoptLeftovers() {
    if (!Files.isDirectory(pool, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(pool)) {
      for (Path p : s) {
        if (count.get() < MAX) {
          putLast(p);
        }
      }
    } catch (IOException e) {
      // an unreadable pool only means no spares
    }
  }

  /**
   * Makes {@code dir} (which must not exist) from a spare whose file now holds {@code content};
   * false when there is no usable spare or {@code dir} appeared meanwhile.
   */
  boolean fill(Path dir, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    for (Path spare; (spare = takeFirst()) != null; ) {
      if (!holdsOnlyItsFile(spare)) {
        continue; // someone else's files are in it: dropped from the pool, left as it is
      }
      try {
        try (FileChannel ch = FileChannel.open(spare.resolve(file), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
          // overwrite, then trim: truncating to zero first would free the block and allocate another
          ch.write(ByteBuffer.wrap(bytes));
          ch.truncate(bytes.length);
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          putFirst(spare);
          return false;
        }
        // rename(2): atomic, and the attach's file is complete before its name appears
        Files.move(spare, dir, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (IOException e) {
        // this spare is unusable (dropped); the caller makes the directory as without a pool
        return false;
      }
    }
    return false;
  }

  /**
   * Retires {@code dir}, whose own file is already removed: when it is empty and the pool has
   * room, it moves into the pool and gets a fresh placeholder file. Returns whether {@code dir}
   * is gone; false leaves it for the caller to remove.
   */
  boolean keep(Path dir) {
    Path spare;
    try {
      if (count.get() >= MAX || !isEmpty(dir)) {
        return false;
      }
      if (!Files.isDirectory(pool, LinkOption.NOFOLLOW_LINKS)) {
        // createDirectories alone would build and catch an exception at every detach
        Files.createDirectories(pool);
      }
      spare = pool.resolve(tag + "-" + next.incrementAndGet());
      Files.move(dir, spare, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return false;
    }
    try {
      Files.write(spare.resolve(file), placeholder, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      putLast(spare);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(spare);
      } catch (IOException ignored) {
        // an empty directory in crossnet's pool; the next instance adopts it, and then drops it
      }
    }
    return true;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return !s.iterator().hasNext();
    }
  }

  private boolean holdsOnlyItsFile(Path spare) {
    if (!Files.isDirectory(spare, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(spare)) {
      Iterator<Path> i = s.iterator();
      if (!i.hasNext()) {
        return false;
      }
      Path only = i.next();
      return !i.hasNext() && only.getFileName().toString().equals(file) && Files.isRegularFile(only, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return false;
    }
  }

  int size() {
    return count.get();
  }

  private Path takeFirst() {
    Path spare = spares.pollFirst();
    if (spare != null) {
      count.decrementAndGet();
    }
    return spare;
  }

  private void putFirst(Path spare) {
    spares.addFirst(spare);
    count.incrementAndGet();
  }

  private void putLast(Path spare) {
    spares.addLast(spare);
    count.incrementAndGet();
  }

  /** Removes every spare, and the pool directory when nothing else is in it. */
  @Override
  public void close() {
    for (Path spare; (spare = takeFirst()) != null; ) {
      if (holdsOnlyItsFile(spare)) {
        try {
          Files.deleteIfExists(spare.resolve(file));
          Files.deleteIfExists(spare);
        } catch (IOException e) {
          // a spare that cannot go is harmless, and the next instance adopts it
        }
      }
    }
    try {
      Files.deleteIfExists(pool);
    } catch (IOException e) {
      // not empty: another instance's spares, or a spare that could not go
    }
  }
}
