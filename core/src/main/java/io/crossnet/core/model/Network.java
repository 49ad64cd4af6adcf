package io.crossnet.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of endpoints that can talk directly. {@code objects} names every OS object the backend
 * creates for it (recorded before they exist, so a crash leaves nothing unnamed).
 */
public record Network(
    String id,
    String name,
    NetworkType type,
    Scope scope,
    boolean internal,
    List<Subnet> subnets,
    Map<String, String> options,
    Map<String, String> labels,
    Instant createdAt,
    LifecycleState state,
    List<String> objects) {

  public Network {
    subnets = List.copyOf(subnets);
    options = options == null ? Map.of() : Map.copyOf(options);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  public Optional<Subnet> v4() {
    return subnets.stream().filter(Subnet::isV4).findFirst();
  }

  public Optional<Subnet> v6() {
    return subnets.stream().filter(s -> !s.isV4()).findFirst();
  }

  public String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  public Network withState(LifecycleState s) {
    return new Network(id, name, type, scope, internal, subnets, options, labels, createdAt, s, objects);
  }

  public Network withObjects(List<String> o) {
    return new Network(id, name, type, scope, internal, subnets, options, labels, createdAt, state, o);
  }

  /** The short form used in OS object names and logs. */
  public String shortId() {
    return id.substring(0, 12);
  }
}
