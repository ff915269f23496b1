package org.deskline.core.call;

import java.util.Locale;

/** The stages of a call the portal shows; each only moves forward. */
public enum CallState {
    DIALING,
    RINGING,
    ANSWERED,
    ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
