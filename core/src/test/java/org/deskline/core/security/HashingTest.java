package org.deskline.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HashingTest {

    @Test
    void digestHa1MatchesTheRfc2617Example() {
        assertEquals("939e7578ed9e3c518a452acee763bce9",
                DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life"));
        assertEquals(64, DigestAlgorithm.SHA_256.ha1("Mufasa", "testrealm@host.com", "Circle Of Life").length());
        assertEquals(DigestAlgorithm.MD5, DigestAlgorithm.fromSipName(null).orElseThrow());
        assertEquals(DigestAlgorithm.SHA_256, DigestAlgorithm.fromSipName("sha-256").orElseThrow());
        assertTrue(DigestAlgorithm.fromSipName("SHA-512-256").isEmpty());
    }

    @Test
    void passwordHashesAreSaltedAndVerify() {
        PasswordHasher h = new PasswordHasher(1_000);
        String a = h.hash("1234");
        assertNotEquals(a, h.hash("1234"), "salted");
        assertTrue(h.verify("1234", a));
        assertFalse(h.verify("1235", a));
        assertFalse(h.verify("1234", "garbage"));
        assertFalse(h.verify("1234", null));
    }

    @Test
    void generatedPinsAreSixDigits() {
        for (int i = 0; i < 100; i++) {
            String pin = Pins.generate();
            assertTrue(pin.matches("[0-9]{6}"), pin);
            assertTrue(Pins.isValid(pin));
        }
        assertFalse(Pins.isValid("123"));
        assertFalse(Pins.isValid("12a4"));
    }
}
