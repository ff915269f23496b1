package org.deskline.core.call;

import java.util.Locale;

/** A call as one user sees it: to outside, from outside, or with a colleague. */
public enum CallDirection {
    OUTBOUND,
    INBOUND,
    INTERNAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
