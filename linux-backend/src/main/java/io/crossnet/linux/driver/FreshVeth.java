package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.link.Links;

/**
 * Creating an endpoint's veth pair so that a retried attach starts from scratch: a pair left by
 * an interrupted attach may lack its addresses or routes, so it is deleted and made again; a name
 * taken in the sandbox by an interface that is not ours is reported as such.
 */
public final class FreshVeth {
  /** One creation request for the pair; {@code EEXIST} when the host end or the sandbox end exists. */
  public interface Create {
    void run();
  }

  private FreshVeth() {}

  public static void create(Links hostLinks, String hostEnd, String sandboxEnd, Create create) {
    try {
      create.run();
    } catch (BackendFailure e) {
      if (!"EEXIST".equals(e.code())) {
        throw e;
      }
      if (!hostLinks.delete(hostEnd)) {
        throw new BackendFailure(e.operation(), e.code(), "the sandbox already has an interface named " + sandboxEnd, e);
      }
      create.run();
    }
  }
}
