package dev.rosetta.dtls;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway's settings, from environment variables (README: configuration); every problem is reported at once. */
record GatewayConfig(
    InetSocketAddress listen,
    Path sessionSocket,
    Path securityFile,
    Path serverCredentials,
    InetSocketAddress admin,
    int maxSessions,
    int idleSeconds,
    int handshakeRetransmissions) {

  static GatewayConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Env e = new Env(env, problems);
    GatewayConfig config =
        new GatewayConfig(
            new InetSocketAddress(e.text("DTLS_HOST", "0.0.0.0"), e.port("DTLS_PORT", 5684)),
            e.path("DTLS_SESSION_SOCKET", null),
            e.path("DTLS_SECURITY_FILE", null),
            e.path("DTLS_SERVER_CREDENTIALS", ""),
            new InetSocketAddress(e.text("DTLS_ADMIN_HOST", "0.0.0.0"), e.port("DTLS_ADMIN_PORT", 9466)),
            e.integer("DTLS_MAX_SESSIONS", 150_000, 1, 10_000_000),
            e.integer("DTLS_IDLE_SECONDS", 1800, 1, 7 * 24 * 3600),
            e.integer("DTLS_HANDSHAKE_RETRANSMISSIONS", 4, 0, 10));
    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
    return config;
  }

  private record Env(Map<String, String> env, List<String> problems) {
    String text(String name, String fallback) {
      String value = env.get(name);
      if (value != null && !value.isEmpty()) return value;
      if (fallback == null) problems.add(name + " is required");
      return fallback == null ? "" : fallback;
    }

    Path path(String name, String fallback) {
      String value = text(name, fallback);
      return value.isEmpty() ? null : Path.of(value);
    }

    int integer(String name, int fallback, int min, int max) {
      String value = env.get(name);
      if (value == null || value.isEmpty()) return fallback;
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) return parsed;
      } catch (NumberFormatException ignored) {
        // reported below
      }
      problems.add(name + " must be an integer from " + min + " to " + max + ", got \"" + value + "\"");
      return fallback;
    }

    int port(String name, int fallback) {
      return integer(name, fallback, 0, 65535);
    }
  }
}
