package org.deskline.sip.leg;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.sip.stack.SipContext;

/**
 * The state of one SIP dialog (RFC 3261 §12) as this server keeps it, instead of JAIN-SIP's dialog
 * layer: Call-ID, both tags and addresses, the remote target, the route set and both CSeq counters.
 * Builds the requests sent inside the dialog. Only loose routing (RFC 3261 {@code lr}) is supported.
 *
 * <p>Threading: confined to its leg's executor.
 */
final class Dialog {
    private static final int MAX_FORWARDS = 70;

    final String callId;
    final String localTag;
    final String transport;
    private final Address local;
    private final Address remote;
    private String remoteTag;
    private URI remoteTarget;
    private List<Address> routeSet = List.of();
    private long localCseq;
    private long remoteCseq = -1;

    private Dialog(String callId, String localTag, String transport, Address local, Address remote, URI remoteTarget,
            long localCseq) {
        this.callId = callId;
        this.localTag = localTag;
        this.transport = transport;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.localCseq = localCseq;
    }

    /** The dialog an inbound INVITE creates once we answer it with {@code localTag}. */
    static Dialog uas(Request invite, String localTag, String transport) {
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) invite.getHeader(ToHeader.NAME);
        ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        Dialog d = new Dialog(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(), localTag, transport,
                (Address) to.getAddress().clone(), (Address) from.getAddress().clone(),
                contact != null ? (URI) contact.getAddress().getURI().clone() : (URI) from.getAddress().getURI().clone(),
                0);
        d.remoteTag = from.getTag();
        d.remoteCseq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        List<Address> routes = new ArrayList<>();
        for (ListIterator<?> it = invite.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
            routes.add((Address) ((RecordRouteHeader) it.next()).getAddress().clone());
        }
        d.routeSet = List.copyOf(routes);
        return d;
    }

    /** The dialog an outbound INVITE will create; the remote tag comes with the first answer. */
    static Dialog uac(String callId, String localTag, String transport, Address from, Address to, URI requestUri) {
        return new Dialog(callId, localTag, transport, from, to, requestUri, 0);
    }

    /** Outbound: learns remote tag, target and route set from a response that creates the dialog. */
    void establishFrom(Response r) {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to.getTag() != null) {
            remoteTag = to.getTag();
        }
        updateTarget(r);
        List<Address> routes = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
            routes.add((Address) ((RecordRouteHeader) it.next()).getAddress().clone());
        }
        Collections.reverse(routes);
        routeSet = List.copyOf(routes);
    }

    /** The dialog another fork's 2xx to our INVITE creates: same Call-ID and local side, its own peer. */
    Dialog forkedBy(Response r) {
        Dialog d = new Dialog(callId, localTag, transport, local, remote, remoteTarget, localCseq);
        d.establishFrom(r);
        return d;
    }

    /** The dialog a 2xx to one of our INVITEs describes, rebuilt from the response alone. */
    static Dialog ofAnswer(Response r, String transport) {
        FromHeader from = (FromHeader) r.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        Dialog d = new Dialog(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId(), from.getTag(), transport,
                (Address) from.getAddress().clone(), (Address) to.getAddress().clone(),
                (URI) to.getAddress().getURI().clone(), 0);
        d.establishFrom(r);
        return d;
    }

    /** A target refresh (re-INVITE, UPDATE and their 2xx): the Contact, if any, becomes the remote target. */
    void updateTarget(Message m) {
        ContactHeader contact = (ContactHeader) m.getHeader(ContactHeader.NAME);
        if (contact != null) {
            remoteTarget = (URI) contact.getAddress().getURI().clone();
        }
    }

    String remoteTag() {
        return remoteTag;
    }

    /** Accepts the CSeq of a new request from the peer; false when it is not higher than the last. */
    boolean acceptRemoteCseq(long cseq) {
        if (cseq <= remoteCseq) {
            return false;
        }
        remoteCseq = cseq;
        return true;
    }

    long nextCseq() {
        return ++localCseq;
    }

    long initialCseq() {
        localCseq = 1;
        return 1;
    }

    /** The initial INVITE of an outbound leg: to {@code requestUri}, no To-tag yet. */
    Request initialInvite(SipContext sip, URI requestUri, int maxForwards) {
        return build(sip, Request.INVITE, initialCseq(), requestUri, false, maxForwards, SipContext.newBranch());
    }

    /** A request inside the dialog with the next CSeq. */
    Request request(SipContext sip, String method) {
        return build(sip, method, nextCseq(), remoteTarget, true, MAX_FORWARDS, SipContext.newBranch());
    }

    /** The ACK for a 2xx to the INVITE with {@code cseq}; sent statelessly, so it carries its own branch. */
    Request ack(SipContext sip, long cseq) {
        return build(sip, Request.ACK, cseq, remoteTarget, true, MAX_FORWARDS, SipContext.newBranch());
    }

    private Request build(SipContext sip, String method, long cseq, URI target, boolean withRemoteTag,
            int maxForwards, String branch) {
        HeaderFactory h = sip.headers();
        try {
            CallIdHeader cid = h.createCallIdHeader(callId);
            CSeqHeader cs = h.createCSeqHeader(cseq, method);
            FromHeader from = h.createFromHeader((Address) local.clone(), localTag);
            ToHeader to = h.createToHeader((Address) remote.clone(), withRemoteTag ? remoteTag : null);
            ViaHeader via = h.createViaHeader(sip.host(), sip.config().port(), transport.toUpperCase(Locale.ROOT), branch);
            List<ViaHeader> vias = new ArrayList<>(1);
            vias.add(via);
            Request r = sip.messages().createRequest(requestUri(target), method, cid, cs, from, to, vias,
                    sip.maxForwards(maxForwards));
            for (Address route : routeSet) {
                r.addHeader(h.createRouteHeader((Address) route.clone()));
            }
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                r.addHeader(sip.contact(transport));
            }
            return r;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method, e);
        }
    }

    /** The target, asking for the dialog's transport when the target does not name one (a TCP peer). */
    private URI requestUri(URI target) throws ParseException {
        URI uri = (URI) target.clone();
        if (uri instanceof SipURI sip && sip.getTransportParam() == null && !"udp".equalsIgnoreCase(transport)) {
            sip.setTransportParam(transport.toLowerCase(Locale.ROOT));
        }
        return uri;
    }

    @Override
    public String toString() {
        return callId + ";local=" + localTag + ";remote=" + remoteTag;
    }
}
