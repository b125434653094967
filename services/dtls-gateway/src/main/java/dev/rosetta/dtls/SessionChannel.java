package dev.rosetta.dtls;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The unix socket the gateway shares with the LwM2M adapter (README: session channel): which endpoint each DTLS
 * session speaks for, and the session's CoAP datagrams both ways, as frames
 * {@code u32 length | u8 kind | u32 session | payload}. No datagram from the network can reach it, so no one but the
 * gateway can claim an identity. Frames are written by one thread from a bounded queue: a slow adapter costs dropped
 * datagrams (counted, retransmitted by CoAP), never memory.
 */
final class SessionChannel {
  static final byte OPEN = 1;
  static final byte DATA = 2;
  static final byte CLOSE = 3;
  private static final int MAX_PAYLOAD = 65_535;
  private static final int HEADER = 9;
  private static final int QUEUE = 65_536;
  private static final int WRITE_BUFFER = 256 * 1024;

  /** What the adapter sends into a session: a CoAP datagram for session `session`. */
  interface Receiver {
    void datagram(long session, byte[] datagram);
  }

  private record Frame(int generation, byte[] bytes) {}

  private final Path path;
  private final Log log;
  private final Metrics metrics;
  private final BlockingQueue<Frame> outgoing = new ArrayBlockingQueue<>(QUEUE);
  private volatile SocketChannel channel;
  private volatile int generation;
  private volatile boolean closed;
  private Receiver receiver = (session, datagram) -> {};

  SessionChannel(Path path, Metrics metrics, Log log) {
    this.path = path;
    this.metrics = metrics;
    this.log = log;
  }

  boolean connected() {
    return channel != null;
  }

  /** Changes on every (re)connection: a session announces itself again in each. */
  int generation() {
    return generation;
  }

  void onDatagram(Receiver receiver) {
    this.receiver = receiver;
  }

  void start() {
    Thread reader = new Thread(this::run, "session-channel");
    reader.setDaemon(true);
    reader.start();
    Thread writer = new Thread(this::write, "session-channel-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a frame for the connection of `generation`; false when the adapter is away or not keeping up. */
  boolean send(int generation, byte kind, long session, byte[] payload) {
    if (channel == null || generation != this.generation) return false;
    ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
    frame.putInt(5 + payload.length).put(kind).putInt((int) session).put(payload);
    return outgoing.offer(new Frame(generation, frame.array()));
  }

  /** Waits (at most `maxMs`) until every queued frame was written. */
  void flush(long maxMs) {
    long deadline = System.nanoTime() + maxMs * 1_000_000;
    while (!outgoing.isEmpty() && channel != null && System.nanoTime() < deadline) sleep(10);
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

  private void write() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
    List<Frame> batch = new ArrayList<>();
    while (!closed) {
      try {
        Frame first = outgoing.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        outgoing.drainTo(batch, 1024);
        SocketChannel c = channel;
        for (Frame frame : batch) {
          if (c == null || frame.generation() != generation) {
            metrics.count(metrics.datagramsDropped, "adapter_unreachable");
            continue;
          }
          if (buffer.remaining() < frame.bytes().length) drain(c, buffer);
          buffer.put(frame.bytes());
        }
        if (c != null) drain(c, buffer);
      } catch (IOException e) {
        buffer.clear(); // the reader notices the broken connection and reconnects
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private static void drain(SocketChannel c, ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) c.write(buffer);
    buffer.clear();
  }

  private void run() {
    boolean warned = false;
    while (!closed) {
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        c.connect(UnixDomainSocketAddress.of(path));
        generation += 1;
        channel = c;
        warned = false;
        log.info("session channel connected", "socket", path.toString());
        read(new DataInputStream(new BufferedInputStream(Channels.newInputStream(c), 1 << 16)));
      } catch (IOException e) {
        if (!warned && !closed)
          log.warn("session channel unavailable; retrying", "socket", path.toString(), "error", String.valueOf(e.getMessage()));
        warned = true;
      }
      channel = null;
      sleep(500);
    }
  }

  /** The adapter sends DATA frames only; anything else breaks the protocol and ends the connection. */
  private void read(DataInputStream in) throws IOException {
    for (;;) {
      int length = in.readInt();
      if (length < 5 || length > 5 + MAX_PAYLOAD) throw new IOException("frame length " + length + " out of bounds");
      byte kind = in.readByte();
      long session = Integer.toUnsignedLong(in.readInt());
      byte[] payload = new byte[length - 5];
      in.readFully(payload);
      if (kind != DATA) throw new IOException("unexpected frame kind " + kind);
      receiver.datagram(session, payload);
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
