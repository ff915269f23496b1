package org.deskline.sip.routing;

import java.util.List;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.LegEnd;
import org.deskline.sip.leg.LegListener;

/**
 * The hook for feature codes dialled on a phone (hot-desk login and logout, issue 4). The service
 * takes over the call's leg: it sets the leg's {@link LegListener}, answers it with its own SDP (prompts
 * and DTMF through the media endpoint), and hangs up or rejects it when done.
 *
 * <p>Threading: {@link #handle} is called on the leg's executor (a SIP thread) and must not block;
 * database work and PIN hashing go to a worker, whose result comes back through
 * {@code call.leg().executor()}.
 */
@FunctionalInterface
public interface FeatureCodeService {

    void handle(FeatureCodeCall call);

    /** Until a service is installed: every feature code is refused with 404 "Feature code not available". */
    FeatureCodeService UNAVAILABLE = call -> {
        CallLeg leg = call.leg();
        leg.listener((LegListener) (l, end) -> { });
        leg.reject(404, "Feature code not available", List.of());
    };

    /** Convenience for services: a listener that only wants to know when the leg ends. */
    static LegListener onEnd(java.util.function.Consumer<LegEnd> ended) {
        return (leg, end) -> ended.accept(end);
    }
}
