package org.deskline.testkit.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.OptionalInt;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Response;

/**
 * The outcome of a REGISTER: the final response, and every response of the exchange (challenges
 * included) in order.
 */
public record RegisterResult(Response response, List<Response> responses) {

    public int status() {
        return response.getStatusCode();
    }

    public boolean isSuccess() {
        return status() >= 200 && status() < 300;
    }

    /** The Contact header values of the final response (the registrar's current bindings). */
    public List<String> contacts() {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            out.add(((ContactHeader) it.next()).toString().substring(ContactHeader.NAME.length() + 1).trim());
        }
        return out;
    }

    /** The expiry the registrar granted: the first contact's expires parameter, else the Expires header. */
    public OptionalInt expires() {
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        if (it.hasNext()) {
            int e = ((ContactHeader) it.next()).getExpires();
            if (e >= 0) {
                return OptionalInt.of(e);
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return expires == null ? OptionalInt.empty() : OptionalInt.of(expires.getExpires());
    }

    /** How many challenges (401/407) were answered on the way. */
    public long challenges() {
        return responses.stream().filter(r -> r.getStatusCode() == 401 || r.getStatusCode() == 407).count();
    }
}
