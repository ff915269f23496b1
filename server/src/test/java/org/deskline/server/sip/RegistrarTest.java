package org.deskline.server.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.User;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.Digest;
import org.deskline.testkit.sip.RegisterResult;
import org.deskline.testkit.sip.Registration;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registrar over the wire: digest with MD5 and SHA-256, bindings, un-REGISTER, several contacts. */
class RegistrarTest {
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withSip(s -> s.withAuth(s.nonceTtl(), "SHA-256,MD5", s.authBanFailures(),
                s.authBanWindow(), s.authBanTime())));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void phonesRegisterWithMd5OrSha256AndTheAdminApiShowsThemRegistered() throws Exception {
        Device md5 = h.device("reg-md5", null);
        Device sha = h.device("reg-sha", null);
        SipPhone a = h.phone("reg-md5", o -> o.digestAlgorithm(Digest.Algorithm.MD5));
        SipPhone b = h.phone("reg-sha", o -> o.digestAlgorithm(Digest.Algorithm.SHA_256));

        RegisterResult ra = a.register(Registration.to(h.registrar()).password(SipHarness.PASSWORD + "reg-md5")
                .algorithm(Digest.Algorithm.MD5).expires(600));
        RegisterResult rb = b.register(Registration.to(h.registrar()).password(SipHarness.PASSWORD + "reg-sha")
                .algorithm(Digest.Algorithm.SHA_256).expires(600));

        assertEquals(200, ra.status(), a.describe());
        assertEquals(200, rb.status(), b.describe());
        assertEquals(1, ra.challenges());
        List<String> algorithms = challengeAlgorithms(ra.responses().get(0));
        assertEquals(List.of("SHA-256", "MD5"), algorithms, "RFC 8760: the preferred challenge first");
        assertEquals(List.of("<" + a.contactUri() + ">;expires=600"), ra.contacts());
        assertTrue(ra.response().getHeader("Date") != null);

        var admin = h.server.admin();
        assertTrue(admin.get("/api/v1/devices/" + md5.id().value()).json().get("registered").asBoolean());
        assertTrue(admin.get("/api/v1/devices/" + sha.id().value()).json().get("registered").asBoolean());
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        h.device("reg-known", null);
        SipPhone wrong = h.phone("reg-known", o -> { });
        SipPhone unknown = h.phone("reg-nobody", o -> { });
        RegisterResult r1 = wrong.register(h.registrar(), "reg-known", "not-the-password", 600);
        RegisterResult r2 = unknown.register(h.registrar(), "reg-nobody", "whatever", 600);
        assertEquals(403, r1.status());
        assertEquals(r1.status(), r2.status());
        assertEquals(r1.response().getReasonPhrase(), r2.response().getReasonPhrase());
        assertEquals(headerNames(r1.response()), headerNames(r2.response()));
    }

    @Test
    void unregisterOneContactThenAllWithTheWildcard() throws Exception {
        Device d = h.device("reg-multi", null);
        SipPhone p = h.phone("reg-multi", o -> { });
        RegisterResult two = p.register(Registration.to(h.registrar()).password(SipHarness.PASSWORD + "reg-multi")
                .contact("<sip:reg-multi@127.0.0.1:5991>").contact("<sip:reg-multi@127.0.0.1:5992>;expires=120")
                .expires(600));
        assertEquals(200, two.status(), p.describe());
        assertEquals(2, two.contacts().size(), two.contacts().toString());
        assertTrue(two.contacts().contains("<sip:reg-multi@127.0.0.1:5992>;expires=120"), two.contacts().toString());

        RegisterResult one = p.register(Registration.to(h.registrar()).password(SipHarness.PASSWORD + "reg-multi")
                .contact("<sip:reg-multi@127.0.0.1:5991>").expires(0));
        assertEquals(200, one.status());
        assertEquals(List.of("<sip:reg-multi@127.0.0.1:5992>;expires=120"), one.contacts());

        RegisterResult none = p.unregisterAll();
        assertEquals(200, none.status());
        assertEquals(List.of(), none.contacts());
        assertFalse(h.server.deskline().location().isRegistered(d.id()));
        assertFalse(h.server.admin().get("/api/v1/devices/" + d.id().value()).json().get("registered").asBoolean());
    }

    @Test
    void tooShortAnExpiryIsRefusedWithMinExpiresAndTooLongIsShortened() {
        h.device("reg-short", null);
        SipPhone p = h.phone("reg-short", o -> { });
        RegisterResult brief = p.register(h.registrar(), "reg-short", SipHarness.PASSWORD + "reg-short", 10);
        assertEquals(423, brief.status());
        assertEquals("60", brief.response().getHeader("Min-Expires").toString().replaceAll("\\D", ""));
        RegisterResult capped = p.register(h.registrar(), "reg-short", SipHarness.PASSWORD + "reg-short", 99_999);
        assertEquals(200, capped.status());
        assertEquals(3600, capped.expires().getAsInt());
    }

    @Test
    void aPhoneMayOnlyRegisterItsOwnAddress() {
        h.device("reg-own", null);
        SipPhone p = h.phone("reg-own", o -> { });
        RegisterResult r = p.register(Registration.to(h.registrar()).user("someone-else").authUser("reg-own")
                .password(SipHarness.PASSWORD + "reg-own"));
        assertEquals(403, r.status());
    }

    @Test
    void withSeveralContactsTheNewestRings() {
        String ext = SipHarness.nextExtension();
        User u = h.user(ext);
        h.device("reg-two" + ext, u.id());
        SipPhone older = h.registered("reg-two" + ext);
        SipPhone newer = h.phone("reg-two" + ext, o -> { });
        assertEquals(200, newer.register(h.registrar(), "reg-two" + ext, SipHarness.PASSWORD + "reg-two" + ext, 300)
                .status());
        SipHarness.Desk caller = h.desk(SipHarness.nextExtension());

        Call out = caller.phone().call(h.uri(ext));
        Call in = newer.awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertEquals(0, older.calls().size(), "only the newest contact rings");
        out.hangup();
        in.awaitTerminated();
    }

    @Test
    void registrationsSurviveARestartOfTheServer() throws Exception {
        Path data = Files.createTempDirectory("deskline-sip-restart-");
        String bobExt = SipHarness.nextExtension();
        SipPhone bobPhone;
        try (SipHarness first = SipHarness.startOn(data, c -> c)) {
            first.desk(SipHarness.nextExtension());
            User bob = first.user(bobExt);
            first.device("restart-bob", bob.id());
            bobPhone = SipPhone.start(SipPhone.options("restart-bob"));
            assertEquals(200, bobPhone.register(first.registrar(), "restart-bob", SipHarness.PASSWORD + "restart-bob", 600)
                    .status());
            first.server.deskline().location().flush();
        }
        try (SipHarness second = SipHarness.startOn(data, c -> c.withSip(s -> s))) {
            SipHarness.Desk alice = second.desk(SipHarness.nextExtension());
            Call out = alice.phone().call(second.uri(bobExt));
            Call in = bobPhone.awaitIncomingCall(T);
            out.awaitConfirmed();
            in.awaitConfirmed();
            in.hangup();
            out.awaitTerminated();
        } finally {
            bobPhone.close();
        }
    }

    @Test
    void aPhoneOnTcpRegistersAndIsCalledOverTcp() {
        String ext = SipHarness.nextExtension();
        User u = h.user(ext);
        h.device("tcp-" + ext, u.id());
        SipPhone tcp = h.phone("tcp-" + ext, o -> o.transport("tcp"));
        RegisterResult r = tcp.register(h.registrar(), "tcp-" + ext, SipHarness.PASSWORD + "tcp-" + ext, 300);
        assertEquals(200, r.status(), tcp.describe());
        SipHarness.Desk caller = h.desk(SipHarness.nextExtension());
        Call out = caller.phone().call(h.uri(ext));
        Call in = tcp.awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertTrue(in.requestUri().contains("transport=tcp"), in.requestUri());
        Call back = tcp.call(h.uri(caller.extension()));
        caller.phone().awaitIncomingCall(T).awaitConfirmed();
        back.awaitConfirmed();
        back.hangup();
        in.hangup();
        out.awaitTerminated();
        h.awaitNoCalls();
    }

    private static List<String> challengeAlgorithms(Response r) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(WWWAuthenticateHeader.NAME); it.hasNext(); ) {
            out.add(((WWWAuthenticateHeader) it.next()).getAlgorithm());
        }
        return out;
    }

    private static List<String> headerNames(Response r) {
        List<String> out = new ArrayList<>();
        for (var it = r.getHeaderNames(); it.hasNext(); ) {
            out.add(String.valueOf(it.next()));
        }
        return out;
    }
}
