package org.deskline.sip.leg;

import java.util.List;
import java.util.Locale;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.sip.stack.ClientTransactions;
import org.deskline.sip.stack.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates legs and finds them again: what a leg needs to send and receive, and the registry every leg
 * enters when it is created and leaves when it ends.
 *
 * <p>Threading: safe from any thread.
 */
public final class Legs {
    private static final Logger log = LoggerFactory.getLogger(Legs.class);
    private final SipContext sip;
    private final ClientTransactions transactions;
    private final LegRegistry registry = new LegRegistry();

    public Legs(SipContext sip, ClientTransactions transactions) {
        this.sip = sip;
        this.transactions = transactions;
    }

    /**
     * The outbound INVITE of a leg this server places.
     *
     * @param requestUri where the INVITE goes (a registered contact, the trunk, voicemail)
     * @param from who the callee sees calling
     * @param to whom the call is for
     * @param headers extra headers (P-Asserted-Identity, Diversion, History-Info)
     * @param maxForwards the caller's Max-Forwards less one
     */
    public record Invite(URI requestUri, Address from, Address to, Body offer, List<Header> headers, int maxForwards) {
        public Invite {
            headers = List.copyOf(headers);
        }
    }

    /**
     * Wraps an inbound INVITE whose server transaction exists. The leg is registered and in state
     * {@link LegState#PROCEEDING}; set its listener before anything else happens on {@code executor}.
     */
    public CallLeg inbound(SerialExecutor executor, ServerTransaction st, Request invite, String label) {
        return CallLeg.inbound(this, executor, st, invite, label);
    }

    /** An outbound leg in state {@link LegState#NEW}: registered; {@link CallLeg#invite()} sends it. */
    public CallLeg outbound(SerialExecutor executor, Invite invite, String label) {
        return CallLeg.outbound(this, executor, invite, label);
    }

    /**
     * Acknowledges a 2xx to one of our INVITEs whose leg has ended (its ACK was lost, so the peer
     * retransmits), building the ACK from the response itself.
     */
    public void ackOrphan(Response response) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        Dialog d = Dialog.ofAnswer(response, via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT));
        try {
            sip.provider().sendRequest(d.ack(sip, ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        } catch (SipException | RuntimeException e) {
            log.debug("ACK for a late 2xx not sent: {}", e.getMessage());
        }
    }

    public LegRegistry registry() {
        return registry;
    }

    SipContext sip() {
        return sip;
    }

    ClientTransactions transactions() {
        return transactions;
    }
}
