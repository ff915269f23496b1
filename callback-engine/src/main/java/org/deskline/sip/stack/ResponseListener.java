package org.deskline.sip.stack;

import javax.sip.ResponseEvent;

/**
 * Receives what happens to one request this server sent through a client transaction.
 *
 * <p>Threading: called on a JAIN-SIP thread (or its timer thread for timeouts); must not block.
 */
public interface ResponseListener {
    /** A response, provisional or final, matched to the transaction. */
    void onResponse(ResponseEvent event);

    /** No final response in time (Timer B/F), or the request could not be sent at all. */
    void onTimeout();

    /** For requests whose outcome does not matter (a BYE to a late answer). */
    ResponseListener NONE = new ResponseListener() {
        @Override
        public void onResponse(ResponseEvent event) {
        }

        @Override
        public void onTimeout() {
        }
    };
}
