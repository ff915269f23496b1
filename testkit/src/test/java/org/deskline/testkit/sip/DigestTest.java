package org.deskline.testkit.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void rfc2617Example() {
        // RFC 2617 section 3.5
        assertEquals("6629fae49393a05397450978507c4ef1", Digest.response(Digest.Algorithm.MD5, false, "Mufasa",
                "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"));
    }

    @Test
    void rfc7616ExamplesForMd5AndSha256() {
        // RFC 7616 section 3.9.1
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", Digest.response(Digest.Algorithm.MD5, false, "Mufasa",
                "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth"));
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                Digest.response(Digest.Algorithm.SHA_256, false, "Mufasa", "http-auth@example.org", "Circle of Life",
                        "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth"));
    }

    @Test
    void rfc2069FormWithoutQop() {
        String ha1 = Digest.Algorithm.MD5.hash("bob:biloxi.com:zanzibar");
        String ha2 = Digest.Algorithm.MD5.hash("REGISTER:sip:biloxi.com");
        assertEquals(Digest.Algorithm.MD5.hash(ha1 + ":n1:" + ha2), Digest.response(Digest.Algorithm.MD5, false,
                "bob", "biloxi.com", "zanzibar", "REGISTER", "sip:biloxi.com", "n1", null, null, null));
    }

    @Test
    void parsesChallengesWithQuotedCommasAndEscapes() {
        Digest.Challenge c = Digest.Challenge.parse("WWW-Authenticate: Digest realm=\"a, \\\"b\\\"\","
                + " nonce=\"n1\", algorithm=SHA-256-sess, qop=\"auth,auth-int\", opaque=\"o\", stale=TRUE");
        assertEquals("Digest", c.scheme());
        assertEquals("a, \"b\"", c.realm());
        assertEquals("n1", c.nonce());
        assertEquals(Digest.Algorithm.SHA_256, c.algorithm().orElseThrow());
        assertTrue(c.session());
        assertEquals(List.of("auth", "auth-int"), c.qopOptions());
        assertEquals("o", c.opaque());
        assertTrue(c.stale());
        assertEquals("MD5", Digest.Challenge.parse("Digest realm=\"r\", nonce=\"n\"").algorithmToken());
    }

    @Test
    void choosesTheStrongestOfferedOrTheForcedAlgorithm() {
        List<Digest.Challenge> offered = Digest.parseAll(List.of(
                "Digest realm=\"r\", nonce=\"1\", algorithm=MD5, qop=\"auth\"",
                "Digest realm=\"r\", nonce=\"1\", algorithm=SHA-256, qop=\"auth\"",
                "Digest realm=\"r\", nonce=\"1\", algorithm=UNKNOWN-9, qop=\"auth\""));
        assertEquals("SHA-256", Digest.choose(offered, null).orElseThrow().algorithmToken());
        assertEquals("MD5", Digest.choose(offered, Digest.Algorithm.MD5).orElseThrow().algorithmToken());
        assertTrue(Digest.choose(offered, Digest.Algorithm.SHA_512_256).isEmpty());
        assertTrue(Digest.choose(Digest.parseAll(List.of("Basic realm=\"r\"")), null).isEmpty());
    }

    @Test
    void authorizationIsVerifiedByTheChallenger() {
        DigestChallenger server = new DigestChallenger("deskline.test", "101", "s3cret",
                List.of(Digest.Algorithm.SHA_256, Digest.Algorithm.MD5));
        List<String> challenges = server.challenges();
        assertEquals(2, challenges.size());
        for (String value : challenges) {
            Digest.Challenge c = Digest.Challenge.parse(value);
            String header = Digest.authorization(c, "101", "s3cret", "REGISTER", "sip:127.0.0.1:5060", "c1", 1);
            assertTrue(header.contains("qop=auth,") || header.endsWith("qop=auth"), header);
            assertTrue(header.contains("nc=00000001"), header);
            assertTrue(header.contains("algorithm=" + c.algorithmToken()), header);
            assertNull(server.problem("REGISTER", header), header);
            assertEquals("wrong response", server.problem("INVITE", header));
            String wrongPassword = Digest.authorization(c, "101", "guess", "REGISTER", "sip:127.0.0.1:5060", "c1", 1);
            assertFalse(server.verify("REGISTER", wrongPassword));
        }
        String foreignNonce = Digest.authorization(Digest.Challenge.parse(
                "Digest realm=\"deskline.test\", nonce=\"forged\", algorithm=MD5, qop=\"auth\""),
                "101", "s3cret", "REGISTER", "sip:x", "c", 1);
        assertEquals("unknown nonce forged", server.problem("REGISTER", foreignNonce));
    }
}
