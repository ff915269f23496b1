package org.deskline.sip.stack;

import javax.sip.RequestEvent;

/**
 * Handles requests of one method that arrive outside any call this server knows.
 *
 * <p>Threading: called on a JAIN-SIP thread (several at once, the listener is reentrant); must not
 * block — hand database or slow work to an executor.
 */
@FunctionalInterface
public interface RequestHandler {
    void onRequest(RequestEvent event);
}
