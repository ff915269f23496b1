package org.deskline.core.registration;

import java.util.List;

/** What a REGISTER did; the SIP layer turns it into a response. */
public sealed interface RegisterOutcome {

    /** Accepted (200): the device's bindings after the change. */
    record Accepted(List<Binding> bindings) implements RegisterOutcome {
    }

    /** A non-zero expiry below the minimum (423, with {@code minExpiresSeconds} as Min-Expires). */
    record IntervalTooBrief(long minExpiresSeconds) implements RegisterOutcome {
    }

    /** The request is older than what is stored for the same Call-ID (§10.3 step 7: 500, retry later). */
    record OutOfOrder() implements RegisterOutcome {
    }

    /** {@code Contact: *} with a non-zero expiry or beside other contacts (400). */
    record InvalidWildcard() implements RegisterOutcome {
    }
}
