package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void everyMuLawCodeSurvivesDecodeAndEncode() {
        for (int code = 0; code < 256; code++) {
            byte mu = (byte) code;
            int expected = code == 0x7F ? 0xFF : code; // both zeros decode to 0, which encodes as 0xFF
            assertEquals(expected, G711.linearToMu(G711.muToLinear(mu)) & 0xFF, "code " + code);
        }
    }

    @Test
    void everyALawCodeSurvivesDecodeAndEncode() {
        for (int code = 0; code < 256; code++) {
            byte a = (byte) code;
            assertEquals(code, G711.linearToA(G711.aToLinear(a)) & 0xFF, "code " + code);
        }
    }

    @Test
    void knownValues() {
        assertEquals(0, G711.muToLinear(G711.MU_SILENCE));
        assertEquals(0xD5, G711.MU_TO_A[0xFF] & 0xFF, "mu-law silence is A-law 0xD5");
        assertEquals(-32124, G711.muToLinear((byte) 0x00));
        assertEquals(32124, G711.muToLinear((byte) 0x80));
        assertEquals(-32256, G711.aToLinear((byte) 0x2A));
        assertEquals(32256, G711.aToLinear((byte) 0xAA));
        assertEquals(0x80, G711.linearToMu(32767) & 0xFF);
        assertEquals(0x00, G711.linearToMu(-32768) & 0xFF);
    }

    @Test
    void transcodingKeepsTheSignalWithinAQuantisationStep() {
        for (int code = 0; code < 256; code++) {
            int mu = G711.muToLinear((byte) code);
            int viaA = G711.aToLinear(G711.MU_TO_A[code]);
            int step = Math.max(16, Math.abs(mu) / 8);
            assertTrue(Math.abs(mu - viaA) <= step, "mu code " + code + ": " + mu + " vs " + viaA);
            int a = G711.aToLinear((byte) code);
            int viaMu = G711.muToLinear(G711.A_TO_MU[code]);
            assertTrue(Math.abs(a - viaMu) <= Math.max(16, Math.abs(a) / 8), "A code " + code + ": " + a + " vs " + viaMu);
        }
    }

    @Test
    void inPlaceTranscodingTouchesOnlyTheRange() {
        byte[] buf = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        G711.muToAInPlace(buf, 1, 2);
        assertEquals((byte) 0xFF, buf[0]);
        assertEquals((byte) 0xD5, buf[1]);
        assertEquals((byte) 0xD5, buf[2]);
        assertEquals((byte) 0xFF, buf[3]);
    }
}
