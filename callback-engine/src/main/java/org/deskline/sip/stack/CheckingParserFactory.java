package org.deskline.sip.stack;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Arrays;
import javax.sip.InvalidArgumentException;

/**
 * JAIN-SIP's message parser with the checks it lacks, installed through the stack property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. A message with a defect is not rejected here (the
 * stack would drop it, or answer from the raw text): it is parsed and marked with a {@link Defect} as
 * its application data, and the {@link MessageValve} answers it.
 *
 * <ul>
 *   <li>{@link Defect#TOO_LARGE}: the stack receives datagrams into a buffer one byte larger than the
 *       limit ({@code MAX_MESSAGE_SIZE} = limit + 1), so a longer datagram arrives cut short; only its
 *       complete header lines are parsed.</li>
 *   <li>{@link Defect#BAD_VERSION}: the stack's parser reads any {@code SIP/x.y} as {@code SIP/2.0}.</li>
 *   <li>{@link Defect#DUPLICATE_HEADER}: the parser keeps one of two Call-ID, From, To, CSeq,
 *       Max-Forwards or Content-Length values.</li>
 *   <li>{@link Defect#MISSING_HEADER}: the stack drops a request without Call-ID, From, To or CSeq;
 *       placeholders are put in so that it can be answered 400.</li>
 * </ul>
 *
 * <p>The size check applies to received datagrams only (body read, exception listener given), not to
 * TCP framing or the stack's re-parsing of its own messages. Stateless and thread-safe; the other
 * checks are one pass over the start line and the header names.
 */
public final class CheckingParserFactory implements MessageParserFactory {

    /** What is wrong with a parsed message; its application data. */
    public enum Defect {
        TOO_LARGE,
        BAD_VERSION,
        DUPLICATE_HEADER,
        MISSING_HEADER
    }

    private static final StringMsgParser PLAIN = new StringMsgParser();
    private static final String SIP_20 = "SIP/2.0";
    private static final String[] SINGLETONS = {"call-id", "from", "to", "cseq", "max-forwards", "content-length"};

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        int limit = stack.getMaxMessageSize() - 1;
        return (bytes, readBody, strict, handler) -> parse(bytes, readBody, strict, handler, limit);
    }

    private static SIPMessage parse(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener handler,
            int limit) throws ParseException {
        if (bytes == null) {
            return null;
        }
        boolean tooLarge = limit > 0 && readBody && handler != null && bytes.length > limit;
        SIPMessage m = tooLarge ? PLAIN.parseSIPMessage(headersOnly(bytes), false, false, handler)
                : PLAIN.parseSIPMessage(bytes, readBody, strict, handler);
        if (m == null) {
            return null;
        }
        Defect defect = tooLarge ? Defect.TOO_LARGE : !versionIs20(bytes) ? Defect.BAD_VERSION
                : hasDuplicateSingleton(bytes) ? Defect.DUPLICATE_HEADER : null;
        if (m instanceof SIPRequest r && (r.getCallId() == null || r.getFrom() == null || r.getTo() == null
                || r.getCSeq() == null)) {
            fillIn(r);
            defect = Defect.MISSING_HEADER;
        }
        if (defect != null) {
            m.setApplicationData(defect);
        }
        return m;
    }

    /** The complete header lines of a cut-short datagram, closed by an empty line. */
    private static byte[] headersOnly(byte[] b) {
        int end = 0;
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                end = i;
                if (i + 3 < b.length && b[i + 2] == '\r' && b[i + 3] == '\n') {
                    break;
                }
            }
        }
        byte[] head = Arrays.copyOf(b, end + 4);
        head[end] = '\r';
        head[end + 1] = '\n';
        head[end + 2] = '\r';
        head[end + 3] = '\n';
        return head;
    }

    /** Whether the start line names SIP/2.0 (the last token of a request line, the first of a status line). */
    static boolean versionIs20(byte[] b) {
        int start = 0;
        while (start < b.length && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        int end = start;
        while (end < b.length && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        if (matches(b, start, "SIP/")) {
            return matches(b, start, SIP_20) && (start + SIP_20.length() == end || b[start + SIP_20.length()] == ' ');
        }
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        int from = end - SIP_20.length();
        return from > start && (b[from - 1] == ' ' || b[from - 1] == '\t') && matches(b, from, SIP_20);
    }

    /** Whether {@code b} holds {@code ascii} at {@code from}, ignoring case. */
    private static boolean matches(byte[] b, int from, String ascii) {
        if (from < 0 || from + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (Character.toLowerCase((char) (b[from + i] & 0xff)) != Character.toLowerCase(ascii.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a header that must appear once (Call-ID, From, To, CSeq, Max-Forwards, Content-Length) repeats. */
    static boolean hasDuplicateSingleton(byte[] b) {
        int seen = 0;
        int i = 0;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        i++;
        while (i < b.length) {
            if (b[i] == '\r' || b[i] == '\n') {
                return false;
            }
            if (b[i] != ' ' && b[i] != '\t') {
                int nameStart = i;
                while (i < b.length && b[i] != ':' && b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
                    i++;
                }
                int index = singleton(b, nameStart, i);
                if (index >= 0) {
                    if ((seen & (1 << index)) != 0) {
                        return true;
                    }
                    seen |= 1 << index;
                }
            }
            while (i < b.length && b[i] != '\n') {
                i++;
            }
            i++;
        }
        return false;
    }

    private static int singleton(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 1) {
            return switch (Character.toLowerCase((char) b[from])) {
                case 'i' -> 0;
                case 'f' -> 1;
                case 't' -> 2;
                case 'l' -> 5;
                default -> -1;
            };
        }
        for (int k = 0; k < SINGLETONS.length; k++) {
            if (SINGLETONS[k].length() == len && matches(b, from, SINGLETONS[k])) {
                return k;
            }
        }
        return -1;
    }

    /** Placeholders for a missing Call-ID, From, To or CSeq, so that the request can be answered 400. */
    private static void fillIn(SIPRequest r) throws ParseException {
        try {
            if (r.getCallId() == null) {
                CallID id = new CallID();
                id.setCallId("missing-call-id");
                r.setCallId(id);
            }
            if (r.getFrom() == null) {
                From f = new From();
                f.setAddress(new AddressFactoryImpl().createAddress("<sip:missing.invalid>"));
                f.setTag("missing");
                r.setFrom(f);
            }
            if (r.getTo() == null) {
                To t = new To();
                t.setAddress(new AddressFactoryImpl().createAddress("<sip:missing.invalid>"));
                r.setTo(t);
            }
            if (r.getCSeq() == null) {
                CSeq c = new CSeq();
                c.setSeqNumber(1);
                c.setMethod(r.getMethod());
                r.setCSeq(c);
            }
        } catch (InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
    }
}
