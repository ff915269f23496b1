package org.deskline.core.registration;

import java.time.Instant;
import org.deskline.core.directory.DeviceId;

/**
 * One contact of a registered device (RFC 3261 §10): where the device is reached and until when.
 *
 * @param contactUri the contact as the device registered it, in the SIP layer's canonical encoding; two
 *     registrations of the same contact compare equal as strings
 * @param callId the Call-ID of the REGISTER that last refreshed it, with {@code cseq}, to refuse
 *     out-of-order requests (§10.3 step 7)
 * @param since when this contact was first registered: routing prefers the newest contact
 * @param received where the REGISTER came from ({@code host:port}), for diagnostics and NAT handling
 * @param transport {@code udp} or {@code tcp}, as the REGISTER arrived
 * @param userAgent the User-Agent header, shortened; null when absent
 */
public record Binding(DeviceId deviceId, String contactUri, String callId, long cseq, Instant since,
        Instant expiresAt, String received, String transport, String userAgent) {

    public boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    /** Whole seconds left, at least 0, as the 200 to a REGISTER reports them. */
    public long secondsLeftAt(Instant now) {
        long ms = expiresAt.toEpochMilli() - now.toEpochMilli();
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }

    Binding refreshed(String newCallId, long newCseq, Instant newExpiresAt, String newReceived, String newTransport,
            String newUserAgent) {
        return new Binding(deviceId, contactUri, newCallId, newCseq, since, newExpiresAt, newReceived, newTransport,
                newUserAgent);
    }
}
