package dev.rosetta.dtls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** /healthz, /readyz (the session channel to the adapter is up) and /metrics, like the Node services' admin ports. */
final class AdminServer {
  private AdminServer() {}

  static HttpServer start(InetSocketAddress address, Metrics metrics, BooleanSupplier ready) throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    server.createContext("/healthz", exchange -> send(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean ok = ready.getAsBoolean();
          send(exchange, ok ? 200 : 503, "application/json", ok ? "{\"ok\":true}\n" : "{\"ok\":false,\"reasons\":[\"session channel to the adapter is down\"]}\n");
        });
    server.createContext("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4", metrics.text()));
    server.start();
    return server;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
