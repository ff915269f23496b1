package org.deskline.sip.media;

import org.deskline.core.error.DomainException;

/**
 * A session description the endpoint cannot use, or an offer/answer step out of order. The
 * {@link #status()} is the SIP response the caller sends (or, for an unusable answer in an ACK,
 * the reason it ends the call with a BYE); the {@link #errorId()} is stable.
 */
public final class SdpException extends DomainException {
    /** Why the description was refused, with the SIP status and the error id it maps to. */
    public enum Kind {
        /** Not parseable as SDP (RFC 4566): 400. */
        MALFORMED(400, "sdp-malformed", "Malformed session description"),
        /** Well formed, but no audio stream with PCMU or PCMA over RTP/AVP: 488. */
        NOT_ACCEPTABLE(488, "sdp-not-acceptable", "Not acceptable here"),
        /** An offer while our own offer awaits its answer, or an answer nobody asked for: 491. */
        OUT_OF_ORDER(491, "sdp-out-of-order", "Request pending");

        private final int status;
        private final String errorId;
        private final String title;

        Kind(int status, String errorId, String title) {
            this.status = status;
            this.errorId = errorId;
            this.title = title;
        }
    }

    private final Kind kind;

    public SdpException(Kind kind, String detail) {
        super(kind.status, kind.errorId, kind.title, detail);
        this.kind = kind;
    }

    static SdpException malformed(String detail) {
        return new SdpException(Kind.MALFORMED, detail);
    }

    static SdpException notAcceptable(String detail) {
        return new SdpException(Kind.NOT_ACCEPTABLE, detail);
    }

    public Kind kind() {
        return kind;
    }
}
