package org.deskline.sip.stack;

import java.text.ParseException;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import org.deskline.sip.SipConfig;

/**
 * What every SIP capability needs to build and send messages: the JAIN-SIP factories and provider,
 * the server's own addresses, fresh tags and branches, and the shared timer.
 *
 * <p>Threading: immutable after construction; every method is safe from any thread.
 */
public final class SipContext {
    private static final String BRANCH_COOKIE = "z9hG4bK";

    private final SipConfig config;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final ScheduledExecutorService timers;
    private final SipResponder responder;

    public SipContext(SipConfig config, SipProvider provider, MessageFactory messages, HeaderFactory headers,
            AddressFactory addresses, ScheduledExecutorService timers) {
        this.config = config;
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.timers = timers;
        this.responder = new SipResponder(messages, headers, provider);
    }

    public SipConfig config() {
        return config;
    }

    public SipProvider provider() {
        return provider;
    }

    public MessageFactory messages() {
        return messages;
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    /** One shared thread for protocol timers; tasks must only hand work to a call's executor. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    public SipResponder responder() {
        return responder;
    }

    /** A fresh From/To tag: 64 random bits in hex. */
    public static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** A fresh Call-ID: 128 random bits in hex at this server's host (JAIN-SIP's own costs an MD5). */
    public static String newCallId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()) + "@deskline";
    }

    /** A fresh RFC 3261 branch. */
    public static String newBranch() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return BRANCH_COOKIE + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong() >>> 16);
    }

    /** The host other parties see for this server. */
    public String host() {
        return config.advertiseAddress();
    }

    /** {@code sip:user@host}, the server's URI for an extension or number (user may be null). */
    public SipURI serverUri(String user) {
        try {
            SipURI uri = addresses.createSipURI(user, host());
            if (config.port() != 5060) {
                uri.setPort(config.port());
            }
            return uri;
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a SIP user part: " + user, e);
        }
    }

    public Address address(URI uri, String displayName) {
        Address a = addresses.createAddress(uri);
        if (displayName != null && !displayName.isBlank()) {
            try {
                a.setDisplayName(displayName);
            } catch (ParseException e) {
                // a name that cannot be encoded is left out
            }
        }
        return a;
    }

    /** Our Contact for a dialog over {@code transport}: where in-dialog requests reach this server. */
    public ContactHeader contact(String transport) {
        try {
            SipURI uri = addresses.createSipURI(null, host());
            uri.setPort(config.port());
            if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
                uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
            }
            return headers.createContactHeader(addresses.createAddress(uri));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Via for a request we send statelessly (ACK), with a fresh branch. */
    public ViaHeader via(String transport) {
        try {
            return headers.createViaHeader(host(), config.port(), transport.toUpperCase(Locale.ROOT), newBranch());
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    public MaxForwardsHeader maxForwards(int hops) {
        try {
            return headers.createMaxForwardsHeader(hops);
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
