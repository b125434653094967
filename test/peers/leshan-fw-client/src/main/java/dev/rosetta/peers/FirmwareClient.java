package dev.rosetta.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;

/**
 * A Leshan 2 (LwM2M 1.1) client with Device (3) and Firmware Update (5) objects, driven line by line on stdin:
 * "state N", "result N", "fw S R" (both at once), "update" (registration update), "quit".
 * It prints "registered <id>" and "updated" so the test knows where the client is.
 */
public final class FirmwareClient {
  public static void main(String[] args) throws Exception {
    String serverUri = args[0];
    String endpoint = args[1];
    ObjectsInitializer initializer = new ObjectsInitializer(new StaticModel(ObjectLoader.loadDefault()));
    initializer.setInstancesForObject(LwM2mId.SECURITY, Security.noSec(serverUri, 123));
    initializer.setInstancesForObject(LwM2mId.SERVER, new Server(123, 60));
    initializer.setInstancesForObject(LwM2mId.DEVICE, new Device("Eclipse Leshan", "rosetta-test-device", "SN-0001"));
    FirmwareObject firmware = new FirmwareObject();
    initializer.setInstancesForObject(LwM2mId.FIRMWARE, firmware);

    LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
    builder.setEndpointsProviders(new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider())
        .setClientAddress(InetAddress.getByName("127.0.0.1"))
        .build());
    builder.setObjects(initializer.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, LwM2mId.FIRMWARE));
    LeshanClient client = builder.build();
    client.addObserver(new LwM2mClientObserverAdapter() {
      @Override
      public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
        System.out.println("registered " + registrationID);
      }

      @Override
      public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
        System.out.println("updated");
      }
    });
    client.start();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] parts = line.trim().split("\\s+");
      switch (parts[0]) {
        case "state" -> firmware.set(Integer.parseInt(parts[1]), null);
        case "result" -> firmware.set(null, Integer.parseInt(parts[1]));
        case "fw" -> firmware.set(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        case "update" -> client.triggerRegistrationUpdate();
        case "quit" -> {
          client.destroy(true);
          System.exit(0);
        }
        default -> System.out.println("unknown command " + line);
      }
      System.out.println("ok " + line.trim());
    }
    client.destroy(true);
  }
}
