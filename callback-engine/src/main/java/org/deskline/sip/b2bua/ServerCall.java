package org.deskline.sip.b2bua;

import org.deskline.core.call.CallId;
import org.deskline.core.directory.UserId;

/**
 * A call the server runs and keeps in the {@link CallRegistry}: a {@link B2bCall} between a caller
 * and a callee, or a click-to-call that the server places itself (both legs outbound).
 */
public interface ServerCall {

    CallId id();

    /** Hangs the call up from the portal, whatever its stage: every leg ends. Any thread. */
    void hangupFromPortal(UserId user);
}
