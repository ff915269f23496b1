package org.deskline.sip.leg;

/**
 * The semantic events of one leg, in the drachtio style: the owner of the leg (a {@code B2bCall}, a
 * feature-code service) never sees transactions. Every event is delivered on the leg's executor after
 * the task that caused it, so a listener may call the leg back freely.
 */
public interface LegListener {

    /** Outbound leg: a provisional response (180, 183, …), with early media's SDP when there is one. */
    default void onProgress(CallLeg leg, int status, String reason, Body body) {
    }

    /** Outbound leg: the INVITE was answered (2xx); acknowledge it with {@link CallLeg#ack(Body)}. */
    default void onAnswered(CallLeg leg, Body body) {
    }

    /** Inbound leg: the ACK for our 2xx arrived, with the SDP answer when the offer was in the 2xx. */
    default void onConfirmed(CallLeg leg, Body body) {
    }

    /**
     * A request inside the dialog (re-INVITE, UPDATE, INFO): answer it with
     * {@link InDialogRequest#respond}. A re-INVITE answered 2xx is followed by {@link #onModifyAck}.
     */
    default void onRequest(CallLeg leg, InDialogRequest request) {
        request.respond(501, "Not Implemented", null);
    }

    /** The ACK for a re-INVITE this leg answered 2xx, with the SDP answer when the 2xx carried the offer. */
    default void onModifyAck(CallLeg leg, Body body) {
    }

    /** The leg is over: reported exactly once. */
    void onEnded(CallLeg leg, LegEnd end);
}
