package org.deskline.sip.b2bua;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deskline.core.call.CallId;
import org.deskline.sip.leg.LegRegistry;

/**
 * Every call in progress ({@link B2bCall}s and click-to-calls), by its {@link CallId}; its legs are
 * found by dialog through the {@link LegRegistry}. A call enters when it starts and leaves when its last leg has ended, so after
 * the traffic stops both registries are empty.
 *
 * <p>Threading: safe from any thread.
 */
public final class CallRegistry {
    private final Map<CallId, ServerCall> calls = new ConcurrentHashMap<>();
    private final LegRegistry legs;

    public CallRegistry(LegRegistry legs) {
        this.legs = legs;
    }

    /** Enters a call when it starts. */
    public void add(ServerCall call) {
        calls.put(call.id(), call);
    }

    /** Forgets a call once its last leg has ended. */
    public void remove(ServerCall call) {
        calls.remove(call.id(), call);
    }

    public Optional<ServerCall> find(CallId id) {
        return Optional.ofNullable(calls.get(id));
    }

    public Collection<ServerCall> all() {
        return List.copyOf(calls.values());
    }

    public LegRegistry legs() {
        return legs;
    }

    /** Calls plus live legs (a feature-code call has a leg and no call): 0 when nothing is in progress. */
    public int size() {
        return calls.size() + legs.size();
    }
}
