package io.crossnet.core.flow;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.store.MvStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A Crossnet over a real store in a temporary directory and a {@link RecordingBackend}. */
abstract class FlowFixture {
  @TempDir
  Path dir;
  MvStore store;
  RecordingBackend backend;
  Crossnet crossnet;

  @BeforeEach
  void start() {
    store = MvStore.open(dir);
    backend = new RecordingBackend();
    crossnet = new Crossnet(store, backend, AddressPools.dockerDefaults());
  }

  @AfterEach
  void stop() {
    store.close();
  }

  static NetworkRequest nat(String name) {
    return new NetworkRequest(name, "nat", null, null, null, false, false, null);
  }

  static NetworkRequest nat(String name, String subnet) {
    return new NetworkRequest(name, "nat", List.of(new PoolRequest(subnet, null, null, null)), null, null, false, false, null);
  }

  static NetworkRequest request(String name, String driver, Map<String, String> options, Map<String, String> labels) {
    return new NetworkRequest(name, driver, null, options, labels, false, false, null);
  }

  static EndpointRequest sandbox(String path) {
    return new EndpointRequest(path, null, null, null, null, null, null);
  }

  static EndpointRequest sandbox(String path, String ipv4) {
    return new EndpointRequest(path, null, null, null, ipv4, null, null);
  }

  static List<String> fields(InvalidRequest e) {
    return e.errors().stream().map(InvalidRequest.FieldError::field).toList();
  }

  boolean storeIsEmpty() {
    return store.read(v -> v.networks().isEmpty() && v.allEndpoints().isEmpty());
  }
}
