package org.deskline.sip.b2bua;

import java.util.Optional;

/**
 * Where a call goes next when its current target fails before answering (busy, no answer,
 * unreachable): the dial plan's diversion to voicemail, or nowhere. Called on the call's executor.
 */
@FunctionalInterface
public interface Forwarding {
    Optional<Target> next(Target failed, CallEnd why);

    Forwarding NONE = (failed, why) -> Optional.empty();
}
