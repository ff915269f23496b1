package org.deskline.sip.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckingParserFactoryTest {

    private static byte[] msg(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void repeatedSingleValueHeadersAreFoundInLongAndCompactForm() {
        assertTrue(CheckingParserFactory.hasDuplicateSingleton(msg("INVITE sip:a@b SIP/2.0\nCall-ID: 1\ni: 2\n\n")));
        assertTrue(CheckingParserFactory.hasDuplicateSingleton(msg("INVITE sip:a@b SIP/2.0\nl: 13\nContent-Length: 5\n\n")));
        assertTrue(CheckingParserFactory.hasDuplicateSingleton(msg("INVITE sip:a@b SIP/2.0\nmax-forwards: 1\nMax-Forwards : 2\n\n")));
        assertFalse(CheckingParserFactory.hasDuplicateSingleton(msg(
                "INVITE sip:a@b SIP/2.0\nVia: a\nVia: b\nv: c\nContact: x\nContact: y\nCall-ID: 1\n\nCall-ID: in the body\n")));
        assertFalse(CheckingParserFactory.hasDuplicateSingleton(msg("INVITE sip:a@b SIP/2.0\nTo: x\n  continued\nFrom: y\n\n")));
    }

    @Test
    void onlySip20IsAccepted() {
        assertTrue(CheckingParserFactory.versionIs20(msg("OPTIONS sip:a@b SIP/2.0\n\n")));
        assertTrue(CheckingParserFactory.versionIs20(msg("OPTIONS sip:a@b sip/2.0  \n\n")));
        assertTrue(CheckingParserFactory.versionIs20(msg("SIP/2.0 200 OK\n\n")));
        assertFalse(CheckingParserFactory.versionIs20(msg("OPTIONS sip:a@b SIP/7.0\n\n")));
        assertFalse(CheckingParserFactory.versionIs20(msg("SIP/3.0 200 OK\n\n")));
    }
}
