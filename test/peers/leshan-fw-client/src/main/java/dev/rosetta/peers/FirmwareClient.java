package dev.rosetta.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.SendResponse;

/**
 * A Leshan 2 (LwM2M 1.1) client with Device (3), Firmware Update (5) and Software Management (9) objects, driven line
 * by line on stdin: "state N", "result N", "fw S R" (both at once), "sw I S R A" (Object 9 instance I: Update State,
 * Update Result, Activation State 0/1; a new instance is created, then "update" lists it; "sw-quiet" the same without
 * notifying), "send json|cbor PATH…"
 * (LwM2M Send), "offline" / "online" (stop without de-registering, start again: a reboot), "update" (registration
 * update), "quit". It prints "registered <id>", "updated", "sent <code>" and "read <path>" (each Read or Observe the
 * server sends) so the test knows where the client is. With -Drosetta.queue=true it registers in queue mode.
 *
 * <p>Arguments: server URI, endpoint, then for coaps one of: {@code psk <identity> <key hex>}, {@code rpk <client
 * public key DER> <client private key PKCS#8 DER> <server public key DER>}, {@code x509 <client certificate DER>
 * <client private key PKCS#8 DER> <server certificate DER>} (files).
 */
public final class FirmwareClient {
  private static Security security(String[] args) throws Exception {
    String serverUri = args[0];
    if (args.length < 3) return Security.noSec(serverUri, 123);
    return switch (args[2]) {
      case "psk" -> Security.psk(serverUri, 123, args[3].getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(args[4]));
      case "rpk" -> Security.rpk(serverUri, 123, read(args[3]), read(args[4]), read(args[5]));
      case "x509" -> Security.x509(serverUri, 123, read(args[3]), read(args[4]), read(args[5]));
      default -> throw new IllegalArgumentException("unknown security mode " + args[2]);
    };
  }

  private static byte[] read(String file) throws Exception {
    return Files.readAllBytes(Path.of(file));
  }

  public static void main(String[] args) throws Exception {
    String serverUri = args[0];
    String endpoint = args[1];
    List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadDefault());
    models.add(SoftwareObject.MODEL);
    ObjectsInitializer initializer = new ObjectsInitializer(new StaticModel(models));
    initializer.setInstancesForObject(LwM2mId.SECURITY, security(args));
    initializer.setInstancesForObject(LwM2mId.SERVER, new Server(123, 60));
    initializer.setInstancesForObject(LwM2mId.DEVICE, new Device("Eclipse Leshan", "rosetta-test-device", "SN-0001"));
    FirmwareObject firmware = new FirmwareObject();
    initializer.setInstancesForObject(LwM2mId.FIRMWARE, firmware);
    Map<Integer, SoftwareObject> software = new HashMap<>();
    software.put(0, new SoftwareObject(0, "rosetta-test-app"));
    initializer.setInstancesForObject(LwM2mId.SOFTWARE_MANAGEMENT, software.get(0));
    // Object 9 is multi-instance: Leshan wants a factory for instances a server would create.
    initializer.setFactoryForObject(LwM2mId.SOFTWARE_MANAGEMENT, new BaseInstanceEnablerFactory() {
      @Override
      public LwM2mInstanceEnabler create() {
        return new SoftwareObject(0, "rosetta-test-app-created");
      }
    });

    LeshanClientBuilder builder = new LeshanClientBuilder(endpoint);
    CaliforniumClientEndpointsProvider.Builder endpoints =
        new CaliforniumClientEndpointsProvider.Builder(new CoapClientProtocolProvider(), new CoapsClientProtocolProvider());
    // DTLS Connection ID (RFC 9146) as the Leshan demo client's "-cid 0": use the server's CID, ask none for itself,
    // so the session survives a NAT rebinding.
    Configuration configuration = endpoints.createDefaultConfiguration();
    configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
    builder.setEndpointsProviders(endpoints
        .setConfiguration(configuration)
        .setClientAddress(InetAddress.getByName("127.0.0.1"))
        .build());
    List<LwM2mObjectEnabler> objects = initializer.create(
        LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE, LwM2mId.FIRMWARE, LwM2mId.SOFTWARE_MANAGEMENT);
    builder.setObjects(objects);
    builder.setRegistrationEngineFactory(
        new DefaultRegistrationEngineFactory().setQueueMode(Boolean.getBoolean("rosetta.queue")));

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
        case "sw", "sw-quiet" -> {
          int id = Integer.parseInt(parts[1]);
          SoftwareObject instance = software.computeIfAbsent(id, i -> {
            SoftwareObject created = new SoftwareObject(i, "rosetta-test-app-" + i);
            ((ObjectEnabler) client.getObjectTree().getObjectEnabler(LwM2mId.SOFTWARE_MANAGEMENT)).addInstance(i, created);
            return created;
          });
          instance.set(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]), "1".equals(parts[4]), "sw".equals(parts[0]));
        }
        case "send" -> {
          ContentFormat format = "cbor".equals(parts[1]) ? ContentFormat.SENML_CBOR : ContentFormat.SENML_JSON;
          LwM2mServer server = client.getRegisteredServers().values().iterator().next();
          SendResponse response = client.getSendService().sendData(
              server, format, Arrays.asList(parts).subList(2, parts.length), 5000);
          System.out.println("sent " + (response == null ? "timeout" : response.getCode().getName()));
        }
        case "offline" -> client.stop(false);
        case "online" -> client.start();
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
