package org.deskline.testkit.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void knownCodeWords() {
        // ITU-T G.711: silence is 0xFF in mu-law and 0xD5 in A-law; full scale saturates
        assertEquals((byte) 0xFF, G711.linearToUlaw(0));
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals((byte) 0x80, G711.linearToUlaw(32767));
        assertEquals((byte) 0xD5, G711.linearToAlaw(0));
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals((byte) 0xAA, G711.linearToAlaw(32767));
    }

    @Test
    void roundTripKeepsLevelWithinQuantisationError() {
        for (int v = -32000; v <= 32000; v += 37) {
            int u = G711.ulawToLinear(G711.linearToUlaw(v));
            int a = G711.alawToLinear(G711.linearToAlaw(v));
            double tolerance = Math.max(16, Math.abs(v) / 16.0);
            assertTrue(Math.abs(u - v) <= tolerance, "mu-law " + v + " -> " + u);
            assertTrue(Math.abs(a - v) <= tolerance, "A-law " + v + " -> " + a);
        }
    }

    @Test
    void toneSurvivesEncodingWithItsLevelAndFrequency() {
        short[] tone = Audio.tone(440, 8000, 1000);
        for (int pt : new int[] {G711.PCMU, G711.PCMA}) {
            short[] decoded = G711.decode(pt, G711.encode(pt, tone, 0, tone.length));
            assertEquals(Audio.rms(tone), Audio.rms(decoded), 100, "payload type " + pt);
            assertTrue(Audio.toneShare(decoded, 440) > 0.95, "payload type " + pt);
            assertTrue(Audio.toneShare(decoded, 1000) < 0.01, "payload type " + pt);
        }
    }
}
