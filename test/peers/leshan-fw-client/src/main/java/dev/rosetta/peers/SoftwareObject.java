package dev.rosetta.peers;

import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * One Object 9 (Software Management, OMA LwM2M registry v1.0) instance whose Update State (/9/x/7), Update Result
 * (/9/x/9) and Activation State (/9/x/12) the test sets; all observable. Leshan's default models stop at the core
 * objects, so the model of Object 9 is written here from the registry's resource list (the resources this enabler
 * serves).
 */
public final class SoftwareObject extends BaseInstanceEnabler {
  static final ObjectModel MODEL = new ObjectModel(9, "LWM2M Software Management", "Software packages", "1.0", true,
      false, List.of(
          resource(0, "PkgName", Operations.R, true, Type.STRING),
          resource(1, "PkgVersion", Operations.R, true, Type.STRING),
          resource(2, "Package", Operations.W, false, Type.OPAQUE),
          resource(3, "Package URI", Operations.W, false, Type.STRING),
          resource(4, "Install", Operations.E, true, Type.NONE),
          resource(6, "Uninstall", Operations.E, true, Type.NONE),
          resource(7, "Update State", Operations.R, true, Type.INTEGER),
          resource(9, "Update Result", Operations.R, true, Type.INTEGER),
          resource(10, "Activate", Operations.E, true, Type.NONE),
          resource(11, "Deactivate", Operations.E, true, Type.NONE),
          resource(12, "Activation State", Operations.R, true, Type.BOOLEAN)));

  private static ResourceModel resource(int id, String name, Operations operations, boolean mandatory, Type type) {
    return new ResourceModel(id, name, operations, false, mandatory, type, "", "", "");
  }

  private final String name;
  private volatile int state = 0;
  private volatile int result = 0;
  private volatile boolean active = false;

  public SoftwareObject(int id, String name) {
    setId(id);
    this.name = name;
  }

  /** New values; `notify` false is a device that reports them only by Send. */
  synchronized void set(int newState, int newResult, boolean newActive, boolean notify) {
    state = newState;
    result = newResult;
    active = newActive;
    if (notify) fireResourcesChange(new LwM2mPath(9, getId(), 7), new LwM2mPath(9, getId(), 9), new LwM2mPath(9, getId(), 12));
  }

  /** A Read or Observe of the whole instance: printed, so a test sees what the server asked and when. */
  @Override
  public ReadResponse read(LwM2mServer server) {
    System.out.println("read /9/" + getId());
    return super.read(server);
  }

  @Override
  public ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      case 0 -> ReadResponse.success(resourceId, name);
      case 1 -> ReadResponse.success(resourceId, "1.0." + getId());
      case 7 -> ReadResponse.success(resourceId, (long) state);
      case 9 -> ReadResponse.success(resourceId, (long) result);
      case 12 -> ReadResponse.success(resourceId, active);
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
    return WriteResponse.success();
  }

  @Override
  public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
    return ExecuteResponse.success();
  }
}
