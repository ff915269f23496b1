package org.deskline.server.web;

import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.UserId;

/**
 * Stands in for the SIP engine in the browser tests: reports call progress to the {@link CallTracker}
 * exactly as the engine will (open, redirected, ringing, answered, ended), so the portal receives the
 * real {@code call_*} events over its WebSocket and the real REST answers.
 *
 * <p>LEAD: once the SIP engine (branch {@code sip}) is merged and wires its {@code CallControl} and
 * call reports into the composition root, replace the uses of this class in {@code CallPanelTest}
 * with SIP test agents from {@code testkit} (a phone or telecommuter number that rings and answers,
 * a caller that dials the user's extension); each use is marked {@code LEAD:} there.
 */
final class SimulatedSip {
    private final CallTracker tracker;

    SimulatedSip(CallTracker tracker) {
        this.tracker = tracker;
    }

    /** A call the user takes part in; hanging up from the portal ends it as the engine would. */
    Call open(long userId, CallDirection direction, String peerNumber, String peerName, String dialedNumber) {
        CallId id = CallId.random();
        Call call = new Call();
        call.tracked = tracker.open(id, new UserId(userId), direction, peerNumber, peerName, dialedNumber,
                () -> call.tracked.ended(EndReason.PORTAL_HANGUP));
        return call;
    }

    static final class Call {
        private TrackedCall tracked;

        String id() {
            return tracked.view().callId().value();
        }

        Call redirectedTo(String number) {
            tracked.redirected(number);
            return this;
        }

        Call ringing() {
            tracked.ringing();
            return this;
        }

        Call answered() {
            tracked.answered();
            return this;
        }

        Call ended(EndReason reason) {
            tracked.ended(reason);
            return this;
        }

        boolean isEnded() {
            return tracked.isEnded();
        }
    }
}
