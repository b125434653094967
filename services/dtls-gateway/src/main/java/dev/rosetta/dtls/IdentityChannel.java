package dev.rosetta.dtls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The channel on which the gateway tells the LwM2M adapter which endpoint each loopback port speaks for: a unix
 * socket the adapter listens on (README: identity channel), so no datagram from the network can make such a claim.
 * One JSON object per line: {"op":"bind","port":…,"endpoint":…,"identity":…} answered {"op":"bound"|"refused",…};
 * {"op":"unbind","port":…}.
 */
final class IdentityChannel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;
  private final Log log;
  private final Map<Integer, Consumer<Boolean>> pending = new ConcurrentHashMap<>();
  private volatile SocketChannel channel;
  private volatile boolean closed;
  private Runnable onConnect = () -> {};

  IdentityChannel(Path path, Log log) {
    this.path = path;
    this.log = log;
  }

  boolean connected() {
    return channel != null;
  }

  /** Runs every time the channel (re)connects: the bindings of live sessions are sent again. */
  void onConnect(Runnable action) {
    this.onConnect = action;
  }

  void start() {
    Thread thread = new Thread(this::run, "identity-channel");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the adapter to bind `port` to `endpoint`; `result` gets true once it answered bound. */
  void bind(int port, String endpoint, String identity, Consumer<Boolean> result) {
    pending.put(port, result);
    if (!write(Map.of("op", "bind", "port", port, "endpoint", endpoint, "identity", identity))) {
      Consumer<Boolean> waiting = pending.remove(port);
      if (waiting != null) waiting.accept(false);
    }
  }

  void unbind(int port) {
    pending.remove(port);
    write(Map.of("op", "unbind", "port", port));
  }

  void close() {
    closed = true;
    SocketChannel c = channel;
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private synchronized boolean write(Map<String, Object> message) {
    SocketChannel c = channel;
    if (c == null) return false;
    try {
      ByteBuffer line = ByteBuffer.wrap((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) c.write(line);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void run() {
    boolean warned = false;
    while (!closed) {
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        c.connect(UnixDomainSocketAddress.of(path));
        channel = c;
        warned = false;
        log.info("identity channel connected", "socket", path.toString());
        onConnect.run();
        BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) answer(line);
      } catch (IOException e) {
        if (!warned && !closed) log.warn("identity channel unavailable; retrying", "socket", path.toString(), "error", e.getMessage());
        warned = true;
      }
      channel = null;
      pending.forEach((port, result) -> result.accept(false));
      pending.clear();
      sleep(500);
    }
  }

  private void answer(String line) {
    try {
      JsonNode message = JSON.readTree(line);
      Consumer<Boolean> result = pending.remove(message.path("port").asInt(-1));
      if (result == null) return;
      boolean bound = "bound".equals(message.path("op").asText());
      if (!bound) log.warn("adapter refused a binding", "port", message.path("port").asInt(), "reason", message.path("reason").asText());
      result.accept(bound);
    } catch (IOException e) {
      log.warn("unreadable line on the identity channel", "error", e.getMessage());
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
