package org.deskline.core.call;

import java.util.concurrent.ThreadLocalRandom;

/** Identifies a call in the portal and the call log; each party of one call sees the same id. */
public record CallId(String value) {
    public static CallId random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new CallId(Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + Long.toString(r.nextInt() & 0xffff, 36));
    }

    @Override
    public String toString() {
        return value;
    }
}
