package io.crossnet.linux.netlink;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.sys.Errno;
import io.crossnet.linux.sys.Sys;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NETLINK_ROUTE socket (or, from {@link #openNetfilter}, a NETLINK_NETFILTER one). It belongs
 * to the network namespace of the thread that opened it and keeps talking to that namespace from
 * any thread, so a sandbox's socket is opened with
 * {@code NetNs.at(path).run(NetlinkSocket::open)} and then used from the caller.
 *
 * <p>One request is in flight at a time (methods are synchronized): replies are matched by
 * sequence number, and a reply left over from an earlier request that failed half-way (a
 * timeout) is skipped rather than taken for the answer to the next one.
 */
public final class NetlinkSocket implements AutoCloseable {
  private static final int RECV_BUFFER = 64 * 1024;
  /**
   * The receive buffer is the thread's, not the socket's: every attach opens a socket in its
   * sandbox, and 64 KiB for each was a fifth of what an attach and its detach allocated. The
   * messages a read returns are copies, so the buffer is free again when {@link #receive} returns.
   */
  private static final ThreadLocal<byte[]> RECV_BUF = ThreadLocal.withInitial(() -> new byte[RECV_BUFFER]);
  private static final int REPLY_TIMEOUT_SECONDS = 30;
  private static final int DUMP_ATTEMPTS = 5;
  /** struct sockaddr_nl of the kernel: family AF_NETLINK, port id 0, no groups. */
  private static final byte[] KERNEL = sockaddr(0);

  private final int portId;
  private int fd;
  private int seq;
  /** Bytes one write may carry without growing the send buffer (the default buffer is 212,992). */
  private int sendBuffer = 64 * 1024;

  private NetlinkSocket(int fd, int portId) {
    this.fd = fd;
    this.portId = portId;
    this.seq = (int) (System.nanoTime() & 0x3fffffff);
  }

  /** Opens a socket in the calling thread's network namespace. */
  public static NetlinkSocket open() {
    return open(Netlink.NETLINK_ROUTE, "netlink route");
  }

  /** Opens a nfnetlink socket, for nf_tables batches ({@link #executeBatch}), in the calling thread's namespace. */
  public static NetlinkSocket openNetfilter() {
    return open(NfTables.NETLINK_NETFILTER, "netlink netfilter");
  }

  private static NetlinkSocket open(int protocol, String what) {
    int fd = Sys.socket(Netlink.AF_NETLINK, Netlink.SOCK_RAW | Netlink.SOCK_CLOEXEC, protocol, what);
    try {
      // error texts from the kernel (extended ack) make failures self-explaining; capped acks
      // keep the kernel from echoing every request back in full
      Sys.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, int32(1), "NETLINK_EXT_ACK");
      Sys.setsockopt(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, int32(1), "NETLINK_CAP_ACK");
      // a lost reply (receive buffer overrun) must fail the call, not hang the caller forever
      ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(REPLY_TIMEOUT_SECONDS).putLong(0);
      Sys.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVTIMEO, tv.array(), "SO_RCVTIMEO");
      Sys.bind(fd, sockaddr(0), what);
      byte[] self = Sys.getsockname(fd, 12, what);
      int port = ByteBuffer.wrap(self).order(ByteOrder.nativeOrder()).getInt(4);
      return new NetlinkSocket(fd, port);
    } catch (RuntimeException e) {
      Sys.close(fd);
      throw e;
    }
  }

  /** The port id the kernel assigned; replies are addressed to it. */
  public int portId() {
    return portId;
  }

  /**
   * Sends a change request with NLM_F_ACK and waits for the kernel's answer. A refusal is a
   * {@link BackendFailure} naming {@code operation} and the errno.
   */
  public synchronized void execute(String operation, MessageBuilder request) {
    transact(operation, request, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | request.flags(), false);
  }

  /**
   * Sends several change requests in one write and waits for every ack: one round trip instead
   * of one each. The kernel applies each request on its own, in order (a refused one does not
   * stop the next), so the first refusal is thrown once all of them were answered.
   */
  public synchronized void executeAll(String operation, List<MessageBuilder> requests) {
    List<String> names = new ArrayList<>(requests.size());
    for (int i = 1; i <= requests.size(); i++) {
      names.add(operation + " (request " + i + " of " + requests.size() + ")");
    }
    for (BackendFailure refused : executeEach(names, requests)) {
      if (refused != null) {
        throw refused;
      }
    }
  }

  /**
   * As {@link #executeAll}, for requests whose refusals mean different things to the caller:
   * each request's refusal, named by its operation, or null where it was applied. A null
   * operation marks a request whose refusal the caller ignores: its entry stays null, and no
   * failure (with its stack trace) is built for it.
   */
  public synchronized List<BackendFailure> executeEach(List<String> operations, List<MessageBuilder> requests) {
    String operation = named(operations);
    if (fd < 0) {
      throw new BackendFailure(operation, "EBADF", "netlink socket is closed");
    }
    int first = seq + 1;
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    writeAcked(batch, requests);
    send(batch, operation);
    BackendFailure[] refused = new BackendFailure[requests.size()];
    int answered = 0;
    while (answered < requests.size()) {
      for (NetlinkMessage m : receive(operation)) {
        if (m.portId() != portId || m.seq() < first || m.seq() > seq || m.type() != Netlink.NLMSG_ERROR) {
          continue;
        }
        answered++;
        int err = -m.i32(0);
        int i = m.seq() - first;
        if (err != 0 && operations.get(i) != null) {
          refused[i] = failure(operations.get(i), err, m);
        }
      }
    }
    return Arrays.asList(refused);
  }

  /** What a failure of the whole write is called: the first operation that has a name. */
  private static String named(List<String> operations) {
    for (String o : operations) {
      if (o != null) {
        return o;
      }
    }
    return "netlink requests";
  }

  /**
   * Sends {@code requests} between {@code begin} and {@code end} in one write: an nfnetlink batch,
   * which the kernel applies as one transaction, all of it or nothing. Waits for each request's
   * answer and throws the first refusal, named {@code operation}. An answer to {@code begin} is the
   * whole batch refused (its commit failed, or the kernel ran out of memory and answered nothing
   * else); answers still on their way after it are skipped by sequence number like any leftover.
   */
  public synchronized void executeBatch(String operation, MessageBuilder begin, List<MessageBuilder> requests, MessageBuilder end) {
    if (fd < 0) {
      throw new BackendFailure(operation, "EBADF", "netlink socket is closed");
    }
    int beginSeq = ++seq;
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    batch.writeBytes(begin.build(Netlink.NLM_F_REQUEST, beginSeq, portId));
    writeAcked(batch, requests);
    batch.writeBytes(end.build(Netlink.NLM_F_REQUEST, ++seq, portId));
    send(batch, operation);
    BackendFailure refused = null;
    int answered = 0;
    while (answered < requests.size()) {
      for (NetlinkMessage m : receive(operation)) {
        if (m.portId() != portId || m.seq() < beginSeq || m.seq() > seq || m.type() != Netlink.NLMSG_ERROR) {
          continue;
        }
        int err = -m.i32(0);
        if (m.seq() == beginSeq) {
          if (err != 0) {
            throw failure(operation, err, m);
          }
          continue;
        }
        answered++;
        if (err != 0 && refused == null) {
          refused = failure(operation, err, m);
        }
      }
    }
    if (refused != null) {
      throw refused;
    }
  }

  /** Appends each request with NLM_F_ACK and the next sequence number. */
  private void writeAcked(ByteArrayOutputStream batch, List<MessageBuilder> requests) {
    for (MessageBuilder r : requests) {
      batch.writeBytes(r.build(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | r.flags(), ++seq, portId));
    }
  }

  /**
   * Sends the requests in one write. A netlink write larger than the socket's send buffer is
   * refused whole (EMSGSIZE), and a batch must be one write; a large one (a range of published
   * ports) grows the buffer to fit.
   */
  private void send(ByteArrayOutputStream batch, String operation) {
    byte[] msg = batch.toByteArray();
    if (msg.length > sendBuffer) {
      // the kernel doubles what it is given and keeps a little for itself
      Sys.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_SNDBUFFORCE, int32(msg.length), operation);
      sendBuffer = msg.length;
    }
    Sys.sendto(fd, msg, msg.length, KERNEL, operation);
  }

  /** Sends a get request for one object and returns the reply messages (usually one). */
  public synchronized List<NetlinkMessage> query(String operation, MessageBuilder request) {
    return transact(operation, request, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | request.flags(), false);
  }

  /**
   * Sends a dump request and returns every message up to NLMSG_DONE. A dump the kernel marks as
   * interrupted (the table changed while it was read) is repeated, so callers see one consistent
   * snapshot.
   */
  public synchronized List<NetlinkMessage> dump(String operation, MessageBuilder request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transact(operation, request, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP | request.flags(), true);
      } catch (DumpInterrupted e) {
        if (attempt == DUMP_ATTEMPTS) {
          throw new BackendFailure(operation, "EINTR", "dump interrupted " + attempt + " times by concurrent changes");
        }
      }
    }
  }

  private List<NetlinkMessage> transact(String operation, MessageBuilder request, int flags, boolean dump) {
    if (fd < 0) {
      throw new BackendFailure(operation, "EBADF", "netlink socket is closed");
    }
    int mySeq = ++seq;
    byte[] msg = request.build(flags, mySeq, portId);
    Sys.sendto(fd, msg, msg.length, KERNEL, operation);
    List<NetlinkMessage> replies = new ArrayList<>();
    boolean interrupted = false;
    while (true) {
      for (NetlinkMessage m : receive(operation)) {
        if (m.seq() != mySeq || m.portId() != portId) {
          continue;
        }
        if ((m.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
          interrupted = true;
        }
        switch (m.type()) {
          case Netlink.NLMSG_ERROR -> {
            int err = -m.i32(0);
            if (err == 0) {
              return replies;
            }
            throw failure(operation, err, m);
          }
          case Netlink.NLMSG_DONE -> {
            int err = m.payload().remaining() >= 4 ? -m.i32(0) : 0;
            if (err > 0) {
              throw Sys.failure(operation, err);
            }
            if (interrupted) {
              throw new DumpInterrupted();
            }
            return replies;
          }
          case Netlink.NLMSG_NOOP, Netlink.NLMSG_OVERRUN -> {
            // carry nothing for the caller
          }
          default -> {
            replies.add(m);
            if (!dump && (m.flags() & Netlink.NLM_F_MULTI) == 0 && (flags & Netlink.NLM_F_ACK) == 0) {
              return replies;
            }
          }
        }
      }
    }
  }

  /** One read of replies; a timeout or a reply larger than the buffer fails the operation. */
  private List<NetlinkMessage> receive(String operation) {
    byte[] recvBuf = RECV_BUF.get();
    int n;
    try {
      n = Sys.recv(fd, recvBuf, Netlink.MSG_TRUNC, operation);
    } catch (BackendFailure e) {
      if ("EAGAIN".equals(e.code())) {
        throw new BackendFailure(operation, "ETIMEDOUT", "no reply from the kernel in " + REPLY_TIMEOUT_SECONDS + " s", e);
      }
      throw e;
    }
    if (n > recvBuf.length) {
      throw new BackendFailure(operation, "EMSGSIZE", "reply of " + n + " bytes exceeds the " + recvBuf.length + "-byte buffer");
    }
    return NetlinkMessage.parse(recvBuf, n);
  }

  /** The kernel's refusal, with its extended-ack text when it sent one. */
  private static BackendFailure failure(String operation, int errno, NetlinkMessage m) {
    String text = null;
    if ((m.flags() & Netlink.NLM_F_ACK_TLVS) != 0 && m.payload().remaining() >= 4 + Netlink.NLMSG_HDRLEN) {
      int echoed = (m.flags() & Netlink.NLM_F_CAPPED) != 0 ? Netlink.NLMSG_HDRLEN : m.i32(4);
      int offset = 4 + Netlink.align(echoed);
      if (offset <= m.payload().limit()) {
        ByteBuffer tlvs = m.payload().duplicate().position(offset).slice().order(ByteOrder.nativeOrder());
        text = Attributes.parse(tlvs).string(Netlink.NLMSGERR_ATTR_MSG);
      }
    }
    if (text == null || text.isEmpty()) {
      return Sys.failure(operation, errno);
    }
    return new BackendFailure(operation, Errno.name(errno), Sys.strerror(errno) + ": " + text);
  }

  @Override
  public synchronized void close() {
    Sys.close(fd);
    fd = -1;
  }

  private static byte[] sockaddr(int port) {
    return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
        .putShort((short) Netlink.AF_NETLINK).putShort((short) 0).putInt(port).putInt(0).array();
  }

  private static byte[] int32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  /** The kernel flagged the dump as inconsistent; {@link #dump} repeats it. */
  private static final class DumpInterrupted extends RuntimeException {
    DumpInterrupted() {
      super(null, null, false, false);
    }
  }
}
