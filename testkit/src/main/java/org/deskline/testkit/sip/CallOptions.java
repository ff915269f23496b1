package org.deskline.testkit.sip;

import java.util.ArrayList;
import java.util.List;

/** How to place an outgoing call. Fluent and mutable; {@link SipPhone#call(String, CallOptions)} reads it once. */
public final class CallOptions {
    String sdp;
    boolean withoutSdp;
    String from;
    String to;
    final List<String[]> headers = new ArrayList<>();

    public static CallOptions defaults() {
        return new CallOptions();
    }

    /** Offer this SDP body instead of the automatic one (the call's RTP peer then only receives if the body says so). */
    public CallOptions sdp(String sdp) {
        this.sdp = sdp;
        return this;
    }

    /** Send the INVITE without SDP (late offer): the offer comes in the 2xx, the answer goes in the ACK. */
    public CallOptions withoutSdp() {
        this.withoutSdp = true;
        return this;
    }

    /** The From address, e.g. {@code "Trunk" <sip:+4930123@carrier.example>}; defaults to the phone's AOR. */
    public CallOptions from(String from) {
        this.from = from;
        return this;
    }

    /** The To address; defaults to the Request-URI. */
    public CallOptions to(String to) {
        this.to = to;
        return this;
    }

    /** An extra header, e.g. {@code P-Asserted-Identity}, {@code Diversion}, {@code History-Info}. */
    public CallOptions header(String name, String value) {
        this.headers.add(new String[] {name, value});
        return this;
    }
}
