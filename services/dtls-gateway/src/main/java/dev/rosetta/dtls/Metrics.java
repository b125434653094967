package dev.rosetta.dtls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The gateway's Prometheus metrics, written in the text exposition format on the admin port. */
final class Metrics {
  /** Handshake results: ok, unknown_identity, bad_key, bad_certificate, no_common_suite, timeout, other. */
  final Map<String, LongAdder> handshakes = new ConcurrentHashMap<>();
  /** Records Scandium dropped: invalid (every dropped record: malformed, replayed, unauthenticated) and bad_mac (those that failed their MAC). */
  final Map<String, LongAdder> recordsDropped = new ConcurrentHashMap<>();
  /** Decrypted datagrams not forwarded: no_endpoint, session_changed, adapter_unreachable, adapter_busy; and adapter answers for a session that ended: session_gone. */
  final Map<String, LongAdder> datagramsDropped = new ConcurrentHashMap<>();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final AtomicInteger dtlsConnections = new AtomicInteger();
  private IntSupplier sessions = () -> 0;

  void count(Map<String, LongAdder> family, String label) {
    family.computeIfAbsent(label, k -> new LongAdder()).increment();
  }

  void sessions(IntSupplier bridged) {
    this.sessions = bridged;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    gauge(out, "rosetta_dtls_connections", "DTLS connections Scandium holds (established or handshaking)", dtlsConnections.get());
    gauge(out, "rosetta_dtls_sessions", "Authenticated sessions bridged to the LwM2M adapter", sessions.getAsInt());
    family(out, "rosetta_dtls_handshakes_total", "DTLS handshakes by result", "result", handshakes);
    family(out, "rosetta_dtls_records_dropped_total", "DTLS records dropped by reason", "reason", recordsDropped);
    family(out, "rosetta_dtls_datagrams_dropped_total", "Decrypted datagrams not forwarded, by reason", "reason", datagramsDropped);
    out.append("# HELP rosetta_dtls_bytes_total CoAP bytes carried through DTLS sessions\n");
    out.append("# TYPE rosetta_dtls_bytes_total counter\n");
    out.append("rosetta_dtls_bytes_total{direction=\"in\"} ").append(bytesIn.sum()).append('\n');
    out.append("rosetta_dtls_bytes_total{direction=\"out\"} ").append(bytesOut.sum()).append('\n');
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void family(StringBuilder out, String name, String help, String label, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    values.forEach(
        (key, value) -> out.append(name).append('{').append(label).append("=\"").append(key).append("\"} ").append(value.sum()).append('\n'));
  }
}
