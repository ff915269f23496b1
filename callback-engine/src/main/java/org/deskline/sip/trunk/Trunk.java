package org.deskline.sip.trunk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.Header;
import org.deskline.core.dialplan.CallerId;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.stack.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSTN gateway ({@code --trunk}): where external numbers go, and how its calls are recognised.
 *
 * <p>Outbound, a number becomes {@code sip:<number>@<trunk host:port>}, and the caller is presented
 * with the user's outbound number in From and P-Asserted-Identity (RFC 3325) as
 * {@code sip:<number>@<this server>}; with no number the call is anonymous. Inbound, an INVITE is a
 * trunk call when it comes from the trunk's address (host and port) or from one of the extra
 * {@code --trunk-sources} (a host, any port; or host:port). Host names are resolved once, at start.
 *
 * <p>Threading: immutable after construction.
 */
public final class Trunk {
    private static final Logger log = LoggerFactory.getLogger(Trunk.class);
    public static final String PAI = "P-Asserted-Identity";

    private final SipContext sip;
    private final SipURI uri;
    private final Set<String> hostPorts = new HashSet<>();
    private final Set<String> hosts = new HashSet<>();

    public Trunk(SipContext sip, String trunkUri, List<String> extraSources) {
        this.sip = sip;
        this.uri = trunkUri == null || trunkUri.isBlank() ? null : parse(sip, trunkUri);
        if (uri != null) {
            hostPorts.add(resolve(uri.getHost()) + ":" + (uri.getPort() > 0 ? uri.getPort() : 5060));
        }
        for (String s : extraSources) {
            String source = s.strip();
            if (source.isEmpty()) {
                continue;
            }
            int colon = source.lastIndexOf(':');
            if (colon > 0 && source.indexOf(':') == colon) {
                hostPorts.add(resolve(source.substring(0, colon)) + source.substring(colon));
            } else {
                hosts.add(resolve(source));
            }
        }
    }

    private static SipURI parse(SipContext sip, String s) {
        try {
            URI u = sip.addresses().createURI(s);
            if (!(u instanceof SipURI sipUri)) {
                throw new IllegalArgumentException("--trunk must be a sip: URI: " + s);
            }
            return sipUri;
        } catch (ParseException e) {
            throw new IllegalArgumentException("--trunk is not a SIP URI: " + s, e);
        }
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            log.warn("Trunk source {} does not resolve; matched by name only", host);
            return host;
        }
    }

    public boolean isConfigured() {
        return uri != null;
    }

    /** Whether a request from {@code source} is a call from the trunk. */
    public boolean isSource(Source source) {
        return (!hostPorts.isEmpty() && hostPorts.contains(source.ip() + ":" + source.port()))
                || (!hosts.isEmpty() && hosts.contains(source.ip()));
    }

    /** {@code sip:<number>@<trunk>}, with the trunk's port and parameters. */
    public SipURI requestUri(String number) {
        SipURI r = (SipURI) uri.clone();
        try {
            r.setUser(number);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a dialable number: " + number, e);
        }
        return r;
    }

    /** The To of a call to {@code number}: the trunk's URI without its parameters. */
    public Address toAddress(String number) {
        try {
            SipURI to = sip.addresses().createSipURI(number, uri.getHost());
            if (uri.getPort() > 0) {
                to.setPort(uri.getPort());
            }
            return sip.addresses().createAddress(to);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** From of a call through the trunk presenting {@code id}: its number at this server, or anonymous. */
    public Address fromAddress(CallerId id) {
        if (id.number() == null) {
            try {
                return sip.address(sip.addresses().createSipURI("anonymous", "anonymous.invalid"), "Anonymous");
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return sip.address(sip.serverUri(id.number()), id.name());
    }

    /** P-Asserted-Identity with the presented number; none for an anonymous call. */
    public List<Header> identityHeaders(CallerId id) {
        List<Header> out = new ArrayList<>();
        if (id.number() != null) {
            try {
                out.add(sip.headers().createHeader(PAI, "<" + sip.serverUri(id.number()) + ">"));
            } catch (ParseException e) {
                log.debug("No P-Asserted-Identity for {}: {}", id.number(), e.getMessage());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return uri == null ? "no trunk" : uri.toString();
    }
}
