package dev.rosetta.dtls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;

/**
 * Hands each authenticated DTLS session's CoAP datagrams to the LwM2M adapter from a loopback socket of its own, so
 * the adapter's per-address logic sees one address per session, and carries the adapter's answers back into the
 * session. Before the first datagram of a session is forwarded, the adapter has acknowledged (identity channel)
 * which endpoint that loopback port speaks for. The device's address may change under a Connection ID; the
 * loopback port does not.
 */
final class SessionBridge implements RawDataChannel {
  /** Datagrams held per session while its binding is on the way; more are dropped and counted. */
  private static final int MAX_WAITING = 16;
  private static final int MAX_DATAGRAM = 65_535;

  private final InetSocketAddress adapter;
  private final IdentityChannel identities;
  private final SecurityStore security;
  private final Metrics metrics;
  private final Log log;
  private final Map<Key, Session> sessions = new ConcurrentHashMap<>();
  private final Queue<Session> opened = new ConcurrentLinkedQueue<>();
  private final Selector selector;
  private volatile DTLSConnector connector;
  private volatile boolean running = true;
  private volatile long lastActivity = System.nanoTime();

  private final class Session {
    final DatagramChannel channel;
    final int port;
    final String endpoint;
    final String identity;
    final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    volatile InetSocketAddress peer;
    boolean bound;

    Session(DatagramChannel channel, String endpoint, String identity) throws IOException {
      this.channel = channel;
      this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      this.endpoint = endpoint;
      this.identity = identity;
    }

    synchronized void forward(byte[] datagram) {
      if (!bound) {
        if (waiting.size() < MAX_WAITING) waiting.add(datagram);
        else metrics.count(metrics.datagramsDropped, "queue_full");
        return;
      }
      send(datagram);
    }

    synchronized void bound(boolean ok) {
      bound = ok;
      for (byte[] datagram = waiting.poll(); datagram != null; datagram = waiting.poll()) {
        if (ok) send(datagram);
        else metrics.count(metrics.datagramsDropped, "identity_refused");
      }
    }

    private void send(byte[] datagram) {
      try {
        channel.write(ByteBuffer.wrap(datagram));
      } catch (IOException e) {
        metrics.count(metrics.datagramsDropped, "adapter_unreachable");
      }
    }

    void requestBinding() {
      synchronized (this) {
        bound = false;
      }
      identities.bind(port, endpoint, identity, this::bound);
    }
  }

  SessionBridge(InetSocketAddress adapter, IdentityChannel identities, SecurityStore security, Metrics metrics, Log log)
      throws IOException {
    this.adapter = adapter;
    this.identities = identities;
    this.security = security;
    this.metrics = metrics;
    this.log = log;
    this.selector = Selector.open();
    metrics.sessions(sessions::size);
    identities.onConnect(() -> sessions.values().forEach(Session::requestBinding));
  }

  void start(DTLSConnector dtls) {
    this.connector = dtls;
    Thread thread = new Thread(this::pump, "session-bridge");
    thread.setDaemon(true);
    thread.start();
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
    Key key = new Key(dtls);
    Session session = sessions.get(key);
    if (session == null) {
      Principal peer = context.getPeerIdentity();
      String endpoint = security.endpointFor(peer);
      if (endpoint == null) {
        metrics.count(metrics.datagramsDropped, "no_endpoint");
        return;
      }
      session = sessions.computeIfAbsent(key, k -> open(endpoint, SecurityStore.describe(peer)));
      if (session == null) return;
    }
    session.peer = raw.getInetSocketAddress();
    session.forward(raw.getBytes());
  }

  private Session open(String endpoint, String identity) {
    try {
      DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
      channel.bind(new InetSocketAddress(adapter.getAddress(), 0));
      channel.configureBlocking(false);
      channel.connect(adapter); // only the adapter's answers are read back
      Session session = new Session(channel, endpoint, identity);
      opened.add(session);
      selector.wakeup();
      session.requestBinding();
      return session;
    } catch (IOException e) {
      log.error("could not open a loopback socket for a session", "endpoint", endpoint, "error", e.getMessage());
      metrics.count(metrics.datagramsDropped, "no_loopback_socket");
      return null;
    }
  }

  /** Scandium removed the connection (closed, evicted as stale, replaced): its loopback port goes too. */
  void connectionRemoved(Connection connection) {
    DTLSContext context = connection.getEstablishedDtlsContext();
    if (context != null) close(sessions.remove(new Key(context)));
  }

  /** After a reload, ends the sessions whose identity the file no longer binds to their endpoint. */
  void revoke(SecurityStore store) {
    Filter<Principal> unbound = principal -> store.endpointFor(principal) == null;
    connector.startTerminateConnectionsForPrincipal(unbound);
  }

  private void close(Session session) {
    if (session == null) return;
    identities.unbind(session.port);
    try {
      session.channel.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  int size() {
    return sessions.size();
  }

  /** Shutdown: wait until no datagram has moved for `quietMs` (at most `maxMs`), then stop and unbind everything. */
  void drain(long quietMs, long maxMs) {
    long deadline = System.nanoTime() + maxMs * 1_000_000;
    while (System.nanoTime() < deadline && System.nanoTime() - lastActivity < quietMs * 1_000_000) sleep(20);
    running = false;
    selector.wakeup();
    sessions.values().forEach(this::close);
    sessions.clear();
  }

  /** Reads the adapter's answers from every session's loopback socket and sends each into its DTLS session. */
  private void pump() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    while (running) {
      try {
        selector.select(1000);
        for (Session s = opened.poll(); s != null; s = opened.poll())
          if (s.channel.isOpen()) s.channel.register(selector, SelectionKey.OP_READ, s);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey selected = keys.next();
          keys.remove();
          Session session = (Session) selected.attachment();
          for (;;) {
            buffer.clear();
            int read;
            try {
              read = session.channel.read(buffer);
            } catch (IOException e) {
              break; // ICMP port unreachable from a stopped adapter, or the session closed meanwhile
            }
            if (read <= 0) break;
            byte[] datagram = new byte[read];
            buffer.flip().get(datagram);
            InetSocketAddress peer = session.peer;
            if (peer == null) continue;
            lastActivity = System.nanoTime();
            metrics.bytesOut.add(read);
            connector.send(RawData.outbound(datagram, new AddressEndpointContext(peer), null, false));
          }
        }
      } catch (IOException | RuntimeException e) {
        log.error("session bridge loop error", "error", String.valueOf(e.getMessage()));
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
