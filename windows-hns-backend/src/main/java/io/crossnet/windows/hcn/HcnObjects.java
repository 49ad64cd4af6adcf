package io.crossnet.windows.hcn;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the four HCN object kinds share: enumerate, open → query → close, open → modify → query →
 * close, delete. Each kind binds its own exports ({@link HcnNetworks}, {@link HcnEndpoints},
 * {@link HcnNamespaces}, {@link HcnLoadBalancers}); documents go in and come out as JSON text,
 * which the caller builds and parses. A handle never outlives the method that opened it.
 */
public abstract class HcnObjects {

  interface Enumerate {
    int call(Utf16 query, PointerByReference ids, PointerByReference errorRecord);
  }

  interface Open {
    int call(Guid id, PointerByReference handle, PointerByReference errorRecord);
  }

  interface Modify {
    int call(Pointer handle, Utf16 settings, PointerByReference errorRecord);
  }

  interface Query {
    int call(Pointer handle, Utf16 query, PointerByReference properties, PointerByReference errorRecord);
  }

  interface Delete {
    int call(Guid id, PointerByReference errorRecord);
  }

  interface Close {
    int call(Pointer handle);
  }

  interface HandleCall {
    int call(PointerByReference handle, PointerByReference errorRecord);
  }

  final HcnCall calls;
  private final String kind;
  private final Enumerate enumerate;
  private final Open open;
  private final Modify modify;
  private final Query query;
  private final Delete delete;
  private final Close close;

  HcnObjects(HcnCall calls, String kind, Enumerate enumerate, Open open, Modify modify, Query query, Delete delete,
      Close close) {
    this.calls = calls;
    this.kind = kind;
    this.enumerate = enumerate;
    this.open = open;
    this.modify = modify;
    this.query = query;
    this.delete = delete;
    this.close = close;
  }

  /** {@code HcnEnumerate<Kind>s}: a JSON array of the GUIDs matching {@code query}. */
  public String enumerate(String query) {
    return calls.result("HcnEnumerate" + kind + "s", (ids, rec) -> enumerate.call(Utf16.of(query), ids, rec));
  }

  /** {@code HcnOpen} → {@code HcnQuery…Properties} → {@code HcnClose}: the object as HNS reports it. */
  public String query(UUID id, String query) {
    return withOpen(id, h -> properties(h, query));
  }

  /** {@code HcnOpen} → {@code HcnModify} → {@code HcnQuery…Properties} → {@code HcnClose}. */
  public String modify(UUID id, String settings, String query) {
    return withOpen(id, h -> {
      calls.record("HcnModify" + kind, rec -> modify.call(h, Utf16.of(settings), rec));
      return properties(h, query);
    });
  }

  /** {@code HcnDelete<Kind>}. */
  public void delete(UUID id) {
    calls.record("HcnDelete" + kind, rec -> delete.call(Guid.of(id), rec));
  }

  /** Runs {@code use} with an open handle and closes it, also when {@code use} throws. */
  <T> T withOpen(UUID id, Function<Pointer, T> use) {
    Pointer h = handle("HcnOpen" + kind, (out, rec) -> open.call(Guid.of(id), out, rec));
    return closing(h, use);
  }

  <T> T closing(Pointer h, Function<Pointer, T> use) {
    T value;
    try {
      value = use.apply(h);
    } catch (RuntimeException e) {
      closeAfter(h, e);
      throw e;
    }
    close(h);
    return value;
  }

  String properties(Pointer h, String query) {
    return calls.result("HcnQuery" + kind + "Properties", (out, rec) -> this.query.call(h, Utf16.of(query), out, rec));
  }

  /**
   * Runs a call that returns a handle. Should it fail after all (an error record with a success
   * code), a handle it still returned is closed, so a failure leaks no handle either.
   */
  Pointer handle(String function, HandleCall call) {
    PointerByReference handle = new PointerByReference();
    try {
      calls.record(function, rec -> call.call(handle, rec));
    } catch (RuntimeException e) {
      if (handle.getValue() != null) {
        closeAfter(handle.getValue(), e);
      }
      throw e;
    }
    return handle.getValue();
  }

  void close(Pointer h) {
    calls.plain("HcnClose" + kind, close.call(h));
  }

  private void closeAfter(Pointer h, RuntimeException primary) {
    try {
      close(h);
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
