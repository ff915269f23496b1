package org.deskline.testkit.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegisterTest {
    private SipPhone phone;
    private MiniRegistrar registrar;

    @AfterEach
    void stop() {
        if (phone != null) {
            phone.close();
        }
        if (registrar != null) {
            registrar.close();
        }
    }

    private String lastRequest() {
        List<String> all = registrar.requests();
        return all.get(all.size() - 1);
    }

    @Test
    void answersTheStrongestOfMd5AndSha256Challenges() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.MD5, Digest.Algorithm.SHA_256));
        phone = SipPhone.start("101");
        RegisterResult result = phone.register(registrar.address(), "101", "s3cret", 600);

        assertEquals(200, result.status(), phone.describe());
        assertEquals(1, result.challenges());
        assertEquals(List.of(), registrar.problems);
        String authorization = lastRequest().lines().filter(l -> l.startsWith("Authorization:")).findFirst().orElseThrow();
        assertTrue(authorization.contains("algorithm=SHA-256"), authorization);
        assertTrue(authorization.contains("qop=auth"), authorization);
        assertTrue(authorization.contains("nc=00000001"), authorization);
        assertTrue(authorization.contains("cnonce=\""), authorization);
        assertEquals(Map.of(phone.contactUri(), 600), registrar.bindings());
        assertEquals(600, result.expires().orElseThrow());
    }

    @Test
    void canBeForcedToMd5() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.SHA_256, Digest.Algorithm.MD5));
        phone = SipPhone.start(SipPhone.options("101").digestAlgorithm(Digest.Algorithm.MD5));
        assertEquals(200, phone.register(registrar.address(), "101", "s3cret", 60).status(), phone.describe());
        assertTrue(lastRequest().contains("algorithm=MD5"), lastRequest());
    }

    @Test
    void sha256OnlyAndOneCallIdWithGrowingCSeq() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.SHA_256));
        phone = SipPhone.start("101");
        assertEquals(200, phone.register(registrar.address(), "101", "s3cret", 60).status(), phone.describe());
        assertEquals(200, phone.register(registrar.address(), "101", "s3cret", 60).status(), phone.describe());
        List<String> callIds = registrar.requests().stream()
                .map(r -> r.lines().filter(l -> l.startsWith("Call-ID:")).findFirst().orElseThrow()).distinct().toList();
        assertEquals(1, callIds.size(), "RFC 3261 10.2: one Call-ID per registrar binding");
        List<String> cseqs = registrar.requests().stream()
                .map(r -> r.lines().filter(l -> l.startsWith("CSeq:")).findFirst().orElseThrow()).toList();
        assertEquals(List.of("CSeq: 1 REGISTER", "CSeq: 2 REGISTER", "CSeq: 3 REGISTER", "CSeq: 4 REGISTER"), cseqs);
    }

    @Test
    void wrongPasswordEndsWithTheSecond401() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.MD5));
        phone = SipPhone.start("101");
        RegisterResult result = phone.register(registrar.address(), "101", "wrong", 60);
        assertEquals(401, result.status());
        assertEquals(List.of(401, 401), result.responses().stream().map(r -> r.getStatusCode()).toList());
        assertEquals(List.of("wrong response"), registrar.problems);
    }

    @Test
    void severalContactsThenUnregisterAndUnregisterAll() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.MD5));
        phone = SipPhone.start("101");
        RegisterResult r = phone.register(Registration.to(registrar.address()).user("101").password("s3cret")
                .expires(120).contact("<sip:101@127.0.0.1:5997>").contact("<sip:101@127.0.0.1:5998>;expires=30"));
        assertEquals(200, r.status(), phone.describe());
        assertEquals(Map.of("sip:101@127.0.0.1:5997", 120, "sip:101@127.0.0.1:5998", 30), registrar.bindings());
        assertEquals(2, r.contacts().size(), r.contacts().toString());

        phone.register(Registration.to(registrar.address()).user("101").password("s3cret").expires(60));
        assertEquals(3, registrar.bindings().size());
        assertEquals(200, phone.unregister().status());
        assertEquals(2, registrar.bindings().size(), "only this phone's own contact was removed");
        assertTrue(lastRequest().contains("Expires: 0"), lastRequest());

        RegisterResult all = phone.unregisterAll();
        assertEquals(200, all.status());
        assertTrue(lastRequest().contains("Contact: *"), lastRequest());
        assertEquals(Map.of(), registrar.bindings());
        assertEquals(List.of(), all.contacts());
    }

    @Test
    void noAnswerFailsWithTheMessagesSeen() throws Exception {
        registrar = new MiniRegistrar("101", "s3cret", List.of(Digest.Algorithm.MD5));
        String silent = registrar.address();
        registrar.close();
        phone = SipPhone.start(SipPhone.options("101").timeout(Duration.ofMillis(300)));
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> phone.register(silent, "101", "s3cret", 60));
        assertTrue(e.getMessage().contains("REGISTER sip:" + silent), e.getMessage());
        assertTrue(e.getMessage().contains("SIP messages seen by 101"), e.getMessage());
    }
}
