package dev.rosetta.dtls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;

/**
 * Carries each authenticated DTLS session's CoAP datagrams to the LwM2M adapter over the session channel, numbered
 * by session, and the adapter's answers back into the session. A session is announced (OPEN, with the endpoint its
 * credentials are bound to) before its first datagram on every connection of the channel, and closed (CLOSE) when
 * Scandium drops it. The device's address may change under a Connection ID; the session's number does not.
 */
final class SessionBridge implements RawDataChannel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SessionChannel channel;
  private final SecurityStore security;
  private final Metrics metrics;
  private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
  private final Map<Long, Session> byNumber = new ConcurrentHashMap<>();
  private final AtomicLong numbers = new AtomicLong();
  private volatile DTLSConnector connector;
  private volatile boolean running = true;
  private volatile long lastActivity = System.nanoTime();

  private static final class Session {
    final long number;
    final byte[] identity;
    volatile InetSocketAddress peer;
    /** The channel generation this session was last announced on. */
    int announced = -1;

    Session(long number, byte[] identity) {
      this.number = number;
      this.identity = identity;
    }
  }

  SessionBridge(SessionChannel channel, SecurityStore security, Metrics metrics) {
    this.channel = channel;
    this.security = security;
    this.metrics = metrics;
    metrics.sessions(sessions::size);
    channel.onDatagram(this::answer);
  }

  void start(DTLSConnector dtls) {
    this.connector = dtls;
  }

  /**
   * A session is Scandium's DTLSContext object itself (one per handshake, kept across address changes): session ids
   * can be empty (no extended master secret) and timestamps collide under load, so neither may name a session.
   */
  private static final class Key {
    private final DTLSContext context;

    Key(DTLSContext context) {
      this.context = context;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.context == context;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(context);
    }
  }

  /**
   * The DTLS context that decrypted this datagram: the connection now at its source address, checked against the
   * datagram's own handshake time and identity so a connection that took the address over meanwhile is never used.
   */
  private DTLSContext contextOf(RawData raw, DtlsEndpointContext context) {
    DTLSContext found = connector.getDtlsContextByAddress(raw.getInetSocketAddress());
    Long handshake = context.get(DtlsEndpointContext.KEY_HANDSHAKE_TIMESTAMP);
    if (found == null || handshake == null || found.getLastHandshakeTime() != handshake) return null;
    if (!Objects.equals(found.getSession().getPeerIdentity(), context.getPeerIdentity())) return null;
    return found;
  }

  @Override
  public void receiveData(RawData raw) {
    if (!running || !(raw.getEndpointContext() instanceof DtlsEndpointContext context)) return;
    lastActivity = System.nanoTime();
    metrics.bytesIn.add(raw.getSize());
    DTLSContext dtls = contextOf(raw, context);
    if (dtls == null) {
      metrics.count(metrics.datagramsDropped, "session_changed");
      return;
    }
    Session session = sessions.get(new Key(dtls));
    if (session == null) {
      Principal peer = context.getPeerIdentity();
      String endpoint = security.endpointFor(peer);
      if (endpoint == null) {
        metrics.count(metrics.datagramsDropped, "no_endpoint");
        return;
      }
      session = sessions.computeIfAbsent(new Key(dtls), k -> open(endpoint, SecurityStore.describe(peer)));
    }
    session.peer = raw.getInetSocketAddress();
    forward(session, raw.getBytes());
  }

  private Session open(String endpoint, String identity) {
    try {
      byte[] json = JSON.writeValueAsBytes(Map.of("endpoint", endpoint, "identity", identity));
      Session session = new Session(numbers.incrementAndGet(), json);
      byNumber.put(session.number, session);
      return session;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Scandium processes one connection's records in order, so a session's OPEN always precedes its DATA. */
  private void forward(Session session, byte[] datagram) {
    synchronized (session) {
      int generation = channel.generation();
      if (session.announced != generation) {
        if (!channel.send(generation, SessionChannel.OPEN, session.number, session.identity)) {
          metrics.count(metrics.datagramsDropped, "adapter_unreachable");
          return;
        }
        session.announced = generation;
      }
      if (!channel.send(generation, SessionChannel.DATA, session.number, datagram))
        metrics.count(metrics.datagramsDropped, "adapter_busy");
    }
  }

  /** The adapter's datagram for a session: sent to the session's latest address. */
  private void answer(long number, byte[] datagram) {
    Session session = byNumber.get(number);
    InetSocketAddress peer = session == null ? null : session.peer;
    if (peer == null) {
      metrics.count(metrics.datagramsDropped, "session_gone");
      return;
    }
    lastActivity = System.nanoTime();
    metrics.bytesOut.add(datagram.length);
    connector.send(RawData.outbound(datagram, new AddressEndpointContext(peer), null, false));
  }

  /** Scandium removed the connection (evicted as stale or for room, replaced, revoked): the session ends. */
  void connectionRemoved(Connection connection) {
    DTLSContext context = connection.getEstablishedDtlsContext();
    if (context != null) end(sessions.remove(new Key(context)));
  }

  /** The device's close_notify ends its session at once; Scandium keeps the closed connection until it is evicted. */
  void alert(InetSocketAddress peer, AlertMessage alert) {
    if (alert.getDescription() != AlertDescription.CLOSE_NOTIFY) return;
    DTLSContext context = connector.getDtlsContextByAddress(peer);
    if (context != null) end(sessions.remove(new Key(context)));
  }

  private void end(Session session) {
    if (session == null) return;
    byNumber.remove(session.number);
    synchronized (session) {
      if (session.announced == channel.generation())
        channel.send(session.announced, SessionChannel.CLOSE, session.number, new byte[0]);
    }
  }

  /** After a reload, ends the sessions whose identity the file no longer binds to their endpoint. */
  void revoke(SecurityStore store) {
    Filter<Principal> unbound = principal -> store.endpointFor(principal) == null;
    connector.startTerminateConnectionsForPrincipal(unbound);
  }

  int size() {
    return sessions.size();
  }

  /**
   * Shutdown: wait until no datagram has moved for `quietMs` from now (at most `maxMs`), so a datagram already on its
   * way still gets its answer, then stop forwarding.
   */
  void drain(long quietMs, long maxMs) {
    long deadline = System.nanoTime() + maxMs * 1_000_000;
    lastActivity = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - lastActivity < quietMs * 1_000_000) sleep(20);
    running = false;
    channel.flush(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
