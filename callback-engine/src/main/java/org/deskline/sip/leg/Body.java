package org.deskline.sip.leg;

import java.text.ParseException;
import java.util.Locale;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;

/**
 * A message body passed through unchanged from one leg to the other (an SDP offer or answer): the
 * bytes and their content type, never parsed.
 */
public record Body(String type, String subType, byte[] content) {

    public static Body of(Message message) {
        byte[] raw = message.getRawContent();
        if (raw == null || raw.length == 0) {
            return null;
        }
        ContentTypeHeader ct = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return ct == null ? new Body("application", "octet-stream", raw)
                : new Body(ct.getContentType(), ct.getContentSubType(), raw);
    }

    public boolean isSdp() {
        return "application".equalsIgnoreCase(type) && "sdp".equalsIgnoreCase(subType);
    }

    /** Sets this body and its Content-Type on {@code message}. */
    public void applyTo(Message message, HeaderFactory headers) {
        try {
            message.setContent(content, headers.createContentTypeHeader(type, subType));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets {@code body} on {@code message}, or leaves it empty when null. */
    public static void apply(Body body, Message message, HeaderFactory headers) {
        if (body != null) {
            body.applyTo(message, headers);
        }
    }

    @Override
    public String toString() {
        return (type + "/" + subType).toLowerCase(Locale.ROOT) + " (" + content.length + " bytes)";
    }
}
