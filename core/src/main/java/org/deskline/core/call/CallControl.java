package org.deskline.core.call;

import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;

/**
 * The port through which the portal starts calls; the SIP engine implements it and the composition
 * root wires it in. Live calls and hanging up go through {@link CallTracker}.
 */
public interface CallControl {

    /**
     * Click-to-call: rings the user first (desk phone, or telecommuter number), then calls
     * {@code destination} as if dialled from the user's extension and bridges the two. Returns at once
     * with the call in state {@code dialing}; progress arrives as call events.
     *
     * @throws DomainException when the destination is refused (dial permission, invalid number) or the
     *     user cannot be reached (no device, single line busy)
     */
    CallView clickToCall(UserId user, String destination);

    /** Until the SIP engine offers click-to-call. */
    CallControl UNAVAILABLE = (user, destination) -> {
        throw new DomainException(503, "call-control-unavailable", "Service unavailable",
                "Click-to-call is not available on this server");
    };
}
