package io.crossnet.core.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.PortMapping;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortRequestsTest {
  private static PortRequest tcp(Integer container, Integer host) {
    return new PortRequest("tcp", container, null, host, null, null);
  }

  private static List<String> problems(PortRequest... asked) {
    FieldErrors errors = new FieldErrors();
    PortRequests.check(Arrays.asList(asked), null, errors);
    try {
      errors.throwIfAny();
      return List.of();
    } catch (InvalidRequest e) {
      return e.errors().stream().map(InvalidRequest.FieldError::field).toList();
    }
  }

  @Test
  void aPlainMappingPasses() {
    FieldErrors errors = new FieldErrors();
    List<PortMapping> m = PortRequests.check(List.of(new PortRequest(null, 80, null, 8080, null, "127.0.0.1")), null, errors);
    assertEquals(0, errors.size());
    assertEquals(List.of(new PortMapping("tcp", IpAddress.parse("t", "127.0.0.1"), 8080, 80, 1)), m);
  }

  @Test
  void aMissingHostPortIsChosenLater() {
    FieldErrors errors = new FieldErrors();
    assertEquals(0, PortRequests.check(List.of(tcp(80, null)), null, errors).get(0).hostPort());
  }

  @Test
  void portsOutsideOneTo65535AreRefused() {
    assertEquals(List.of("ports[0].containerPort"), problems(tcp(0, 8080)));
    assertEquals(List.of("ports[0].hostPort"), problems(tcp(80, 0)));
    assertEquals(List.of("ports[0].hostPort"), problems(tcp(80, 65536)));
    assertEquals(List.of("ports[0].containerPort"), problems(tcp(-1, 8080)));
  }

  @Test
  void invertedAndUnevenRangesAreRefused() {
    assertEquals(List.of("ports[0].containerPortEnd"), problems(new PortRequest("tcp", 90, 80, null, null, null)));
    assertEquals(List.of("ports[0].hostPortEnd"), problems(new PortRequest("tcp", 80, 90, 8080, 8085, null)));
    assertEquals(List.of("ports[0].hostPortEnd"), problems(new PortRequest("tcp", 80, null, null, 8080, null)));
    assertEquals(List.of("ports[0].hostPort"), problems(new PortRequest("tcp", 80, 90, 65530, null, null)));
  }

  @Test
  void unknownProtocolAndBadAddressAreRefused() {
    assertEquals(List.of("ports[0].protocol"), problems(new PortRequest("icmp", 80, null, 8080, null, null)));
    assertEquals(List.of("ports[0].hostIp"), problems(new PortRequest("tcp", 80, null, 8080, null, "localhost")));
  }

  @Test
  void theSameHostPortTwiceInOneRequestIsRefused() {
    assertEquals(List.of("ports[1]"), problems(tcp(80, 8080), tcp(81, 8080)));
    assertEquals(List.of("ports[1]"), problems(new PortRequest("tcp", 80, 89, 8080, null, null), tcp(81, 8085)));
    // different protocols, or two specific addresses, do not clash
    assertEquals(List.of(), problems(tcp(80, 8080), new PortRequest("udp", 80, null, 8080, null, null)));
    assertEquals(List.of(), problems(new PortRequest("tcp", 80, null, 8080, null, "10.0.0.1"),
        new PortRequest("tcp", 80, null, 8080, null, "10.0.0.2")));
  }

  @Test
  void tooManyPortsAreRefused() {
    FieldErrors errors = new FieldErrors();
    PortRequests.check(List.of(new PortRequest("tcp", 1, 2000, null, null, null)), null, errors);
    assertTrue(errors.size() > 0);
  }
}
