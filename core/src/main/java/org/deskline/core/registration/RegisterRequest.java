package org.deskline.core.registration;

import java.util.List;
import org.deskline.core.directory.DeviceId;

/**
 * A REGISTER as the location service sees it, without SIP types: who, which contacts, and the
 * request's identity for ordering.
 *
 * @param contacts the Contact values; empty for a query (only the current bindings are returned)
 * @param wildcard {@code Contact: *} (remove every binding; valid only with expiry 0 and no other contact)
 * @param headerExpires the Expires header in seconds, or null
 * @param received {@code host:port} the request came from
 */
public record RegisterRequest(DeviceId device, String callId, long cseq, List<Contact> contacts, boolean wildcard,
        Long headerExpires, String received, String transport, String userAgent) {

    /** One Contact value and its {@code expires} parameter in seconds, or null. */
    public record Contact(String uri, Long expires) {
    }
}
