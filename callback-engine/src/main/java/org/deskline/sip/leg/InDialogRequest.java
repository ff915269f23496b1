package org.deskline.sip.leg;

import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * A request the peer sent inside a leg's dialog (re-INVITE, UPDATE, INFO), waiting for one answer.
 *
 * <p>Threading: use on the leg's executor.
 */
public final class InDialogRequest {
    private final CallLeg leg;
    private final Request request;
    private final ServerTransaction transaction;
    private boolean answered;

    InDialogRequest(CallLeg leg, Request request, ServerTransaction transaction) {
        this.leg = leg;
        this.request = request;
        this.transaction = transaction;
    }

    public String method() {
        return request.getMethod();
    }

    /** The body (SDP for re-INVITE and UPDATE, DTMF for INFO), or null. */
    public Body body() {
        return Body.of(request);
    }

    public boolean isAnswered() {
        return answered;
    }

    /** Answers once; a 2xx to a re-INVITE is retransmitted until the peer's ACK. Later calls are ignored. */
    public void respond(int status, String reason, Body body) {
        if (answered) {
            return;
        }
        answered = true;
        leg.respondInDialog(this, status, reason, body);
    }

    Request request() {
        return request;
    }

    ServerTransaction transaction() {
        return transaction;
    }
}
