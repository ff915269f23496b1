package org.deskline.sip.auth;

import org.deskline.core.directory.SipCredentials;

/** The outcome of checking a request's digest credentials. */
public sealed interface AuthResult {

    /** The credentials are right: the request comes from this device. */
    record Authenticated(SipCredentials credentials) implements AuthResult {
    }

    /** No usable credentials yet (none, or an expired or replayed nonce): challenge the client. */
    record Challenge(boolean stale) implements AuthResult {
    }

    /**
     * Wrong: unknown user and wrong password alike (the answer does not tell them apart).
     *
     * @param detail for the log only; never a secret
     */
    record Failed(String detail) implements AuthResult {
    }
}
