package org.deskline.core.call;

import org.deskline.core.call.CallEvent.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's view of one call in progress. States only move forward (dialing, ringing, answered,
 * ended); a report that would move backwards, or anything after the end, is ignored, so the SIP side
 * may report freely from retransmissions and races.
 *
 * <p>Threading: each method is atomic on this call; events are published in state order.
 */
public final class TrackedCall {
    private static final Logger log = LoggerFactory.getLogger(TrackedCall.class);

    private final CallTracker tracker;
    private final Runnable hangup;
    private CallView view;

    TrackedCall(CallTracker tracker, CallView view, Runnable hangup) {
        this.tracker = tracker;
        this.view = view;
        this.hangup = hangup;
    }

    public synchronized CallView view() {
        return view;
    }

    synchronized void created() {
        tracker.events().publish(new CallEvent(Kind.CREATED, view, view.createdAt()));
    }

    public synchronized void ringing() {
        if (view.state() == CallState.DIALING) {
            move(CallState.RINGING, view.redirectedTo(), null, null, null, Kind.RINGING);
        }
    }

    /** The call is being sent elsewhere than a desk phone (the telecommuter number, voicemail). */
    public synchronized void redirected(String to) {
        if (view.state() != CallState.ENDED) {
            view = view.with(view.state(), to, view.answeredAt(), null, null);
        }
    }

    public synchronized void answered() {
        if (view.state() == CallState.DIALING || view.state() == CallState.RINGING) {
            move(CallState.ANSWERED, view.redirectedTo(), tracker.clock().instant(), null, null, Kind.ANSWERED);
        }
    }

    /** Ends the call for this user; the first reason given wins. */
    public void ended(EndReason reason) {
        synchronized (this) {
            if (view.state() == CallState.ENDED) {
                return;
            }
            move(CallState.ENDED, view.redirectedTo(), view.answeredAt(), tracker.clock().instant(), reason, Kind.ENDED);
        }
        tracker.ended(this);
    }

    public boolean isEnded() {
        return view().state() == CallState.ENDED;
    }

    /** Hangs up from the portal: asks the SIP side to end the call, which then reports the end. */
    public void hangup() {
        if (!isEnded()) {
            hangup.run();
        }
    }

    private void move(CallState to, String redirect, java.time.Instant answered, java.time.Instant ended,
            EndReason reason, Kind kind) {
        CallState from = view.state();
        view = view.with(to, redirect, answered, ended, reason);
        log.debug("call {} for {}: {} -> {}{}", view.callId(), view.userId(), from.wireName(), to.wireName(),
                reason == null ? "" : " (" + reason.wireName() + ")");
        tracker.events().publish(new CallEvent(kind, view, tracker.clock().instant()));
    }
}
