package org.deskline.core.call;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.EventBus;

/**
 * The live calls of every user, as the portal shows them. The SIP side opens a {@link TrackedCall} for
 * each user taking part in a call and reports its progress; the tracker publishes the call events and,
 * when the call ends, writes it to the call log and forgets it.
 *
 * <p>Threading: safe from any thread, never blocks (the call log is written by its own thread).
 */
public final class CallTracker {
    private final Map<UserId, Map<CallId, TrackedCall>> live = new ConcurrentHashMap<>();
    private final EventBus events;
    private final CallLog callLog;
    private final Clock clock;

    public CallTracker(EventBus events, CallLog callLog, Clock clock) {
        this.events = events;
        this.callLog = callLog;
        this.clock = clock;
    }

    /**
     * Starts tracking a call for one user and publishes {@code call_created}.
     *
     * @param role whether the user called or was called (see {@link CallView})
     * @param hangup what hanging up from the portal does (ends the SIP call); runs on the caller's thread
     */
    public TrackedCall open(CallId id, UserId user, CallDirection direction, CallRole role, String peerNumber,
            String peerName, String dialedNumber, Runnable hangup) {
        return open(id, user, direction, role, peerNumber, peerName, dialedNumber, null, hangup);
    }

    /**
     * Starts tracking a call that goes somewhere other than a desk phone from the start (the
     * telecommuter number), so that {@code call_created} already names it.
     *
     * @param redirectedTo where the call goes instead of a desk phone, or null
     */
    public TrackedCall open(CallId id, UserId user, CallDirection direction, CallRole role, String peerNumber,
            String peerName, String dialedNumber, String redirectedTo, Runnable hangup) {
        TrackedCall call = new TrackedCall(this, new CallView(id, user, direction, role, CallState.DIALING,
                peerNumber, peerName, dialedNumber, redirectedTo, clock.instant(), null, null, null), hangup);
        live.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(id, call);
        call.created();
        return call;
    }

    /** The user's calls in progress, oldest first. */
    public List<CallView> live(UserId user) {
        Map<CallId, TrackedCall> calls = live.get(user);
        if (calls == null) {
            return List.of();
        }
        List<CallView> out = new ArrayList<>();
        calls.values().forEach(c -> out.add(c.view()));
        out.sort(Comparator.comparing(CallView::createdAt));
        return out;
    }

    public Optional<TrackedCall> find(UserId user, CallId id) {
        Map<CallId, TrackedCall> calls = live.get(user);
        return calls == null ? Optional.empty() : Optional.ofNullable(calls.get(id));
    }

    public int liveCount(UserId user) {
        Map<CallId, TrackedCall> calls = live.get(user);
        return calls == null ? 0 : calls.size();
    }

    EventBus events() {
        return events;
    }

    Clock clock() {
        return clock;
    }

    void ended(TrackedCall call) {
        CallView v = call.view();
        live.computeIfPresent(v.userId(), (u, calls) -> {
            calls.remove(v.callId());
            return calls.isEmpty() ? null : calls;
        });
        callLog.append(v);
    }
}
