package org.deskline.testkit.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * A JAIN-SIP message valve that copies every received message into a {@link SipLog} before the
 * stack filters or matches it, and lets it through. Added straight to the stack's public
 * {@code sipMessageValves} list: configuring it through {@code SIP_MESSAGE_VALVE} would make
 * JAIN-SIP 1.3.0-91 sleep 100 ms per stack before initialising it. Runs on the stack's receiving
 * threads and only appends to the log.
 */
final class WireTap implements SIPMessageValve {
    private final SipLog log;

    WireTap(SipLog log) {
        this.log = log;
    }

    @Override
    public void init(SipStack sipStack) {
        // nothing to set up
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        record(request, channel);
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        record(response, channel);
        return true;
    }

    private void record(javax.sip.message.Message message, MessageChannel channel) {
        String peer = channel == null ? "?" : channel.getPeerAddress() + ":" + channel.getPeerPort();
        log.add(SipLog.Direction.IN, message, peer, channel == null ? "?" : channel.getTransport());
    }

    @Override
    public void destroy() {
        // nothing to release
    }
}
