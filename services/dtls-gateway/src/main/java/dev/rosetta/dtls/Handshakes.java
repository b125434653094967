package dev.rosetta.dtls;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.DtlsHealthExtended;
import org.eclipse.californium.scandium.DtlsHealthExtended2;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;

/** Turns Scandium's callbacks into the gateway's metrics: handshakes by result, dropped records, connections. */
final class Handshakes implements SessionListener, ConnectionListener, DtlsHealth, DtlsHealthExtended, DtlsHealthExtended2 {
  private final Metrics metrics;
  private final SessionBridge bridge;
  private final Log log;
  private final SecurityStore security;
  /** Peers whose records failed their MAC during a handshake: a failed handshake of theirs is a wrong key. */
  private final Map<InetSocketAddress, Boolean> macErrors = new ConcurrentHashMap<>();

  Handshakes(Metrics metrics, SessionBridge bridge, SecurityStore security, Log log) {
    this.security = security;
    this.metrics = metrics;
    this.bridge = bridge;
    this.log = log;
  }

  /** A failure's reason as the metric's label. */
  String reason(Handshaker handshaker, Throwable error) {
    InetSocketAddress peer = handshaker.getPeerAddress();
    boolean macError = peer != null && macErrors.remove(peer) != null;
    if (security.unknownIdentity(handshaker.getConnection().getConnectionId())) return "unknown_identity";
    if (macError) return "bad_key";
    if (error instanceof DtlsHandshakeTimeoutException) return "timeout";
    if (error instanceof HandshakeException handshake) {
      // Scandium names the suites in its message, whichever alert it sends (an unknown suite is an internal_error).
      String message = String.valueOf(handshake.getMessage()).toLowerCase();
      if (message.contains("cipher")) return "no_common_suite";
      AlertDescription description = handshake.getAlert().getDescription();
      switch (description) {
        case UNKNOWN_PSK_IDENTITY:
          return "unknown_identity";
        case BAD_RECORD_MAC:
        case DECRYPT_ERROR:
          return "bad_key";
        case HANDSHAKE_FAILURE:
        case INSUFFICIENT_SECURITY:
        case ILLEGAL_PARAMETER:
          return "handshake_failure";
        case BAD_CERTIFICATE:
        case UNSUPPORTED_CERTIFICATE:
        case CERTIFICATE_REVOKED:
        case CERTIFICATE_EXPIRED:
        case CERTIFICATE_UNKNOWN:
        case UNKNOWN_CA:
        case ACCESS_DENIED:
          return "bad_certificate";
        default:
          return "other";
      }
    }
    return "other";
  }

  // SessionListener

  @Override
  public void handshakeStarted(Handshaker handshaker) {}

  @Override
  public void contextEstablished(Handshaker handshaker, DTLSContext establishedContext) {}

  @Override
  public void handshakeCompleted(Handshaker handshaker) {
    security.unknownIdentity(handshaker.getConnection().getConnectionId());
    InetSocketAddress peer = handshaker.getPeerAddress();
    if (peer != null) macErrors.remove(peer);
    metrics.count(metrics.handshakes, "ok");
  }

  @Override
  public void handshakeFailed(Handshaker handshaker, Throwable error) {
    String reason = reason(handshaker, error);
    metrics.count(metrics.handshakes, reason);
    log.warn("handshake failed", "peer", String.valueOf(handshaker.getPeerAddress()), "reason", reason, "error", String.valueOf(error.getMessage()));
  }

  @Override
  public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {}

  // ConnectionListener

  @Override
  public void onConnectionEstablished(Connection connection) {}

  @Override
  public void onConnectionRemoved(Connection connection) {
    InetSocketAddress peer = connection.getPeerAddress();
    if (peer != null) macErrors.remove(peer);
    bridge.connectionRemoved(connection);
  }

  @Override
  public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
    return false;
  }

  @Override
  public boolean onConnectionMacError(Connection connection) {
    if (connection.hasOngoingHandshake() && connection.getPeerAddress() != null) macErrors.put(connection.getPeerAddress(), true);
    return false;
  }

  @Override
  public void beforeExecution(Connection connection) {}

  @Override
  public void updateExecution(Connection connection) {}

  @Override
  public void afterExecution(Connection connection) {}

  // DtlsHealth

  @Override
  public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {}

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void startHandshake() {}

  @Override
  public void endHandshake(boolean success) {}

  @Override
  public void receivingRecord(boolean dropped) {
    if (dropped) metrics.count(metrics.recordsDropped, "invalid");
  }

  @Override
  public void sendingRecord(boolean dropped) {}

  @Override
  public void setConnections(int connections) {
    metrics.dtlsConnections.set(connections);
  }

  @Override
  public void receivingMacError() {
    metrics.count(metrics.recordsDropped, "bad_mac");
  }

  @Override
  public void setPendingIncomingJobs(int count) {}

  @Override
  public void setPendingOutgoingJobs(int count) {}

  @Override
  public void setPendingHandshakeJobs(int count) {}
}
