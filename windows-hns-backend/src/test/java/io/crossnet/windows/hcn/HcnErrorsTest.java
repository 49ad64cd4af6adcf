package io.crossnet.windows.hcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.CrossnetException;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import org.junit.jupiter.api.Test;

/** HRESULTs to crossnet errors, with HNS's name, code, function and text kept in the message. */
class HcnErrorsTest {

  @Test
  void portInUseIsAlreadyExists() {
    CrossnetException e = HcnErrors.failure("HcnCreateEndpoint", 0x803B0013,
        "{\"Success\":false,\"Error\":\"The specified port already exists.\",\"ErrorCode\":2151350291}");
    assertInstanceOf(AlreadyExists.class, e);
    assertEquals("HNS: the published port is already in use on this host (HCN_E_PORT_ALREADY_EXISTS 0x803B0013 from "
        + "HcnCreateEndpoint): The specified port already exists.; another endpoint (crossnet's or Docker's) publishes "
        + "the same host port and protocol", e.getMessage());
  }

  @Test
  void notFoundCodes() {
    assertInstanceOf(NotFound.class, HcnErrors.failure("HcnOpenNetwork", 0x803B0001, null));
    assertInstanceOf(NotFound.class, HcnErrors.failure("HcnOpenEndpoint", 0x803B0002, null));
    assertInstanceOf(NotFound.class, HcnErrors.failure("HcnOpenNamespace", 0x80070490, null));
    CrossnetException adapter = HcnErrors.failure("HcnCreateNetwork", 0x803B0006, null);
    assertInstanceOf(NotFound.class, adapter);
    assertTrue(adapter.getMessage().contains("'parent' option"), adapter.getMessage());
  }

  @Test
  void unsupportedCodes() {
    assertInstanceOf(Unsupported.class, HcnErrors.failure("HcnCreateNetwork", 0x803B000B, null));
    assertInstanceOf(Unsupported.class, HcnErrors.failure("HcnCreateEndpoint", 0x803B0016, null));
    assertInstanceOf(Unsupported.class, HcnErrors.failure("HcnCreateNetwork", 0x803B0037, null));
  }

  @Test
  void managerStoppedIsABackendFailureWithAHint() {
    BackendFailure e = assertInstanceOf(BackendFailure.class, HcnErrors.failure("HcnCreateNetwork", 0x803B0020, ""));
    assertEquals("HcnCreateNetwork", e.operation());
    assertEquals("0x803B0020 HCN_E_MANAGER_STOPPED", e.code());
    assertTrue(e.getMessage().contains("Host Network Service is stopping"), e.getMessage());
    assertTrue(e.getMessage().contains("Get-Service hns"), e.getMessage());
  }

  @Test
  void unknownHresultKeepsCodeAndRawRecord() {
    BackendFailure e = assertInstanceOf(BackendFailure.class,
        HcnErrors.failure("HcnModifyEndpoint", 0x80131500, "vSwitch in transient state"));
    assertEquals("0x80131500", e.code());
    assertTrue(e.getMessage().contains("vSwitch in transient state"), e.getMessage());
  }

  @Test
  void hnsTextIsNotRepeatedWhenItSaysWhatTheTableSays() {
    String m = HcnErrors.failure("HcnOpenNetwork", 0x803B0001, "{\"Error\":\"The network was not found\"}").getMessage();
    assertEquals("HNS: the network was not found (HCN_E_NETWORK_NOT_FOUND 0x803B0001 from HcnOpenNetwork)", m);
  }
}
