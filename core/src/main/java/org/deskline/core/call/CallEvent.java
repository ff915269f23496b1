package org.deskline.core.call;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;

/**
 * {@code call_created}, {@code call_ringing}, {@code call_answered}, {@code call_ended}: a call of the
 * user changed state. Carries the whole call as the user sees it.
 */
public record CallEvent(Kind kind, CallView call, Instant at) implements DomainEvent {

    public enum Kind {
        CREATED("call_created"),
        RINGING("call_ringing"),
        ANSWERED("call_answered"),
        ENDED("call_ended");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }
    }

    @Override
    public String name() {
        return kind.wire;
    }

    @Override
    public Set<UserId> audience() {
        return Set.of(call.userId());
    }
}
