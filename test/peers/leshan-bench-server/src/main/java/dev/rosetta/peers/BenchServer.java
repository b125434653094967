package dev.rosetta.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;

/**
 * A minimal LwM2M server on Eclipse Leshan's library, for `pnpm bench` (services/lwm2m-adapter/bench): for every
 * Register it reads /3/0 and observes /5/0 — the per-device work Rosetta's LwM2M adapter does — and counts
 * registrations, observations and notifications. NoSec CoAP on the port given; on stdin, `stats` prints one JSON line
 * with the counters and the live heap after a full GC (`peek`: the heap as it is, garbage included). Output: `listening <port>` once started.
 */
public final class BenchServer {
  private static final LongAdder registrations = new LongAdder();
  private static final LongAdder observed = new LongAdder();
  private static final LongAdder notifications = new LongAdder();
  private static final LongAdder failed = new LongAdder();

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 5683;
    CaliforniumServerEndpointsProvider.Builder endpoints = new CaliforniumServerEndpointsProvider.Builder(new CoapServerProtocolProvider());
    endpoints.addEndpoint(new InetSocketAddress(host, port), Protocol.COAP);
    LeshanServer server =
        new LeshanServerBuilder()
            .setRegistrationStore(new InMemoryRegistrationStore())
            .setEndpointsProviders(endpoints.build())
            .build();
    server.getRegistrationService().addListener(new RegistrationListener() {
      @Override
      public void registered(Registration registration, Registration previous, Collection<Observation> previousObservations) {
        registrations.increment();
        server.send(registration, new ReadRequest(3, 0), response -> {}, error -> failed.increment());
        server.send(
            registration,
            new ObserveRequest(5, 0),
            response -> {
              if (response.isSuccess()) observed.increment();
              else failed.increment();
            },
            error -> failed.increment());
      }

      @Override
      public void updated(RegistrationUpdate update, Registration updated, Registration previous) {}

      @Override
      public void unregistered(Registration registration, Collection<Observation> observations, boolean expired, Registration newRegistration) {}
    });
    server.getObservationService().addListener(new ObservationListener() {
      @Override
      public void newObservation(Observation observation, Registration registration) {}

      @Override
      public void cancelled(Observation observation) {}

      @Override
      public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        notifications.increment();
      }

      @Override
      public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {}

      @Override
      public void onError(Observation observation, Registration registration, Exception error) {
        failed.increment();
      }
    });
    server.start();
    System.out.println("listening " + port);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String command = line.trim();
      if (!command.equals("stats") && !command.equals("peek")) continue;
      Runtime runtime = Runtime.getRuntime();
      if (command.equals("stats")) {
        System.gc();
        System.gc();
      }
      long heap = runtime.totalMemory() - runtime.freeMemory();
      System.out.printf(
          "{\"registrations\":%d,\"observed\":%d,\"notifications\":%d,\"failed\":%d,\"heapUsed\":%d}%n",
          registrations.sum(), observed.sum(), notifications.sum(), failed.sum(), heap);
      System.out.flush();
    }
    server.destroy();
  }
}
