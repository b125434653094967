package dev.rosetta.peers;

import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/** Object 5 instance 0 whose State (/5/0/3) and Update Result (/5/0/5) the test sets; both are observable. */
public final class FirmwareObject extends BaseInstanceEnabler {
  public FirmwareObject() {
    setId(0);
  }

  private volatile int state = 0;
  private volatile int result = 0;

  synchronized void set(Integer newState, Integer newResult) {
    if (newState != null) state = newState;
    if (newResult != null) result = newResult;
    if (newState != null && newResult != null) fireResourcesChange(new LwM2mPath(5, 0, 3), new LwM2mPath(5, 0, 5));
    else if (newState != null) fireResourceChange(3);
    else fireResourceChange(5);
  }

  /** A Read or Observe of the whole instance: printed, so a test sees what the server asked and when. */
  @Override
  public ReadResponse read(LwM2mServer server) {
    System.out.println("read /5/" + getId());
    return super.read(server);
  }

  @Override
  public ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      case 1 -> ReadResponse.success(resourceId, "");
      case 3 -> ReadResponse.success(resourceId, (long) state);
      case 5 -> ReadResponse.success(resourceId, (long) result);
      case 6 -> ReadResponse.success(resourceId, "rosetta-test-firmware");
      case 7 -> ReadResponse.success(resourceId, "2.1.0");
      case 9 -> ReadResponse.success(resourceId, 0L); // delivery method: pull only
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
