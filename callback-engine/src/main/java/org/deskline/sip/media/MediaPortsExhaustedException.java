package org.deskline.sip.media;

import org.deskline.core.error.DomainException;

/**
 * No RTP port left in the configured range: every even port is in use by a session or bound by
 * another process. Status 503: the caller answers the INVITE with 503 Service Unavailable (with a
 * Retry-After) rather than queue the call.
 */
public final class MediaPortsExhaustedException extends DomainException {
    public MediaPortsExhaustedException(String detail) {
        super(503, "media-ports-exhausted", "No media port available", detail);
    }
}
