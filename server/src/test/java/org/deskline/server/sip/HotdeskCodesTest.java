package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.Language;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.hotdesk.HotdeskLoginEvent;
import org.deskline.core.hotdesk.HotdeskLogoutEvent;
import org.deskline.core.hotdesk.LogoutReason;
import org.deskline.core.hotdesk.PinLock;
import org.deskline.core.persistence.DatabaseConfig;
import org.deskline.server.testing.ApiClient;
import org.deskline.sip.featurecode.FeatureCodes;
import org.deskline.sip.media.Clip;
import org.deskline.sip.media.Prompt;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.testkit.Await;
import org.deskline.testkit.rtp.RtpPacket;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.deskline.testkit.sip.EndReason;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code *35} codes on the wire, against the whole server: a JAIN-SIP phone dials each form,
 * keys entries as RFC 4733 DTMF over RTP (or SIP INFO), hears the prompts (payload type, pacing,
 * sequence numbers, timestamps, marker bit, and which recordings), and the binding in the database
 * changes as the seed says. The move, Hot Identity Switch, lockout, owner fallback and "not allowed"
 * rules each have a test; after every test no call, IVR or RTP socket is left.
 */
class HotdeskCodesTest {
    private static final PromptLibrary PROMPTS = PromptLibrary.fromClasspath();
    private static final Duration CALL = Duration.ofSeconds(20);
    private static final AtomicInteger numbers = new AtomicInteger(100);
    /** 100 ms of a recording: enough to tell which prompt began. */
    private static final int BEGINNING = 800;
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @AfterEach
    void nothingLeft() {
        h.awaitNoCalls();
        FeatureCodes codes = (FeatureCodes) h.server.deskline().featureCodes();
        Await.until(T, "no IVR call and no RTP session left", () -> codes.activeCalls() == 0
                        && h.server.deskline().media().sessionCount() == 0,
                () -> "IVR calls " + codes.activeCalls() + ", media sessions " + h.server.deskline().media().sessionCount());
    }

    // ------------------------------------------------------------------ the three codes

    @Test
    void starThirtyFiveOnAPhoneWithNobodyAsksExtensionThenPinAndLogsInWithASpokenConfirmation() {
        User alice = hotdesker("4321", f -> { });
        Hot hot = hotPhone(null);

        Call ivr = hot.phone().call(h.uri("*35"));
        keys(ivr, alice.extension() + "#");
        keys(ivr, "4321#");

        ivr.awaitTerminated(CALL);
        ivr.assertEnded(EndReason.HANGUP_REMOTE);
        assertEquals(Optional.of(alice.id()), loginInDb(hot.device().id()));
        assertEquals("feature_code", loginMethodInDb(hot.device().id()));
        assertPaced(ivr, 0);
        assertHeard(ivr, Prompt.LOGGED_IN_AS);
        assertHeardInOrder(ivr, PROMPTS.digits(Language.EN, alice.extension()));
        assertHeard(ivr, Prompt.GOODBYE);
        assertTrue(ivr.rtp().receivedRms() > 1000, ivr.rtp().describe());
        awaitEvent(HotdeskLoginEvent.class, e -> e.userId().equals(alice.id()) && e.deviceId().equals(hot.device().id())
                && e.method() == LoginMethod.FEATURE_CODE);

        SipPhone colleague = h.desk(SipHarness.nextExtension()).phone();
        Call toAlice = colleague.call(h.uri(alice.extension()));
        Call rings = hot.phone().awaitIncomingCall(T);
        toAlice.awaitConfirmed();
        rings.awaitConfirmed();
        rings.hangup();
        toAlice.awaitTerminated();
    }

    @Test
    void starThirtyFiveOnAPhoneWithAUserLogsThatUserOutAndConfirms() {
        User bob = hotdesker("5555", f -> f.language = Patch.of(Language.NL));
        Hot hot = hotPhone(null);
        h.server.deskline().hotdesk().login(hot.device().id(), bob.id(), LoginMethod.FEATURE_CODE);

        Call ivr = hot.phone().call(h.uri("*35"));
        ivr.awaitTerminated(CALL);
        ivr.assertEnded(EndReason.HANGUP_REMOTE);
        assertEquals(Optional.empty(), loginInDb(hot.device().id()));
        assertHeardExactly(ivr, List.of(PROMPTS.clip(Language.NL, Prompt.LOGGED_OUT)),
                List.of(PROMPTS.clip(Language.NL, Prompt.GOODBYE)));
        awaitEvent(HotdeskLogoutEvent.class, e -> e.userId().equals(bob.id()) && e.deviceId().equals(hot.device().id())
                && e.method() == LoginMethod.FEATURE_CODE && e.reason() == LogoutReason.USER);
        Call refused = hot.phone().call(h.uri(h.desk(SipHarness.nextExtension()).extension()));
        assertEquals(403, refused.awaitFinal(T).getStatusCode());
    }

    @Test
    void starThirtyFiveExtAsksOnlyForThePinWhichMayComeAsSipInfo() {
        User carol = hotdesker("2468", f -> { });
        Hot hot = hotPhone(null);

        Call ivr = hot.phone().call(h.uri("*35*" + carol.extension()));
        Clip enterPin = PROMPTS.clip(Language.EN, Prompt.ENTER_PIN);
        ivr.rtp().awaitAudioPackets((enterPin.sampleCount() + 159) / 160, CALL);
        assertHeardExactly(ivr, List.of(enterPin), List.of());
        ivr.sendDtmfInfo("2468#");
        awaitLogin(hot.device().id(), carol.id());
        ivr.hangup();

        Call again = hot.phone().call(h.uri("*35*" + carol.extension()));
        awaitLogin(hot.device().id(), null);
        again.awaitTerminated(CALL);
        assertHeard(again, Prompt.LOGGED_OUT);
    }

    @Test
    void starThirtyFiveExtPinLogsInAtOnceAndAgainLogsOutOverPcma() {
        User dave = hotdesker("13579", f -> { });
        Hot hot = hotPhone(null, o -> o.codecs(8));

        Call ivr = hot.phone().call(h.uri("*35*" + dave.extension() + "*13579"));
        awaitLogin(hot.device().id(), dave.id());
        ivr.rtp().awaitAudioPackets(50, T);
        ivr.hangup();
        assertPaced(ivr, 8);
        assertTrue(ivr.rtp().receivedRms() > 1000, ivr.rtp().describe());

        Call again = hot.phone().call(h.uri("*35*" + dave.extension() + "*13579"));
        awaitLogin(hot.device().id(), null);
        again.awaitTerminated(CALL);
        assertPaced(again, 8);
        assertEquals(2, h.server.deskline().hotdesk().history(dave.id(), 10).size());
    }

    // ------------------------------------------------------------------ the rules

    @Test
    void loggingInElsewhereMovesTheUserAndTheOldPhoneCanNoLongerCall() {
        User erin = hotdesker("1122", f -> { });
        Hot first = hotPhone(null);
        Hot second = hotPhone(null);
        String colleague = h.desk(SipHarness.nextExtension()).extension();

        codeLogin(first, erin, "1122");
        codeLogin(second, erin, "1122");
        assertEquals(Optional.empty(), loginInDb(first.device().id()));
        assertEquals(Optional.of(erin.id()), loginInDb(second.device().id()));
        assertTrue(h.server.deskline().location().isRegistered(first.device().id()), "the old phone stays registered");
        Call refused = first.phone().call(h.uri(colleague));
        assertEquals(403, refused.awaitFinal(T).getStatusCode());
        awaitEvent(HotdeskLogoutEvent.class, e -> e.userId().equals(erin.id()) && e.deviceId().equals(first.device().id())
                && e.reason() == LogoutReason.MOVED);
    }

    @Test
    void loggingInOnAPhoneThatCarriesAnotherUserSwitchesItsOutgoingIdentity() {
        User frank = hotdesker("3344", f -> f.outboundNumber = Patch.of(outbound()));
        User grace = hotdesker("5566", f -> f.outboundNumber = Patch.of(outbound()));
        Hot hot = hotPhone(frank.id());
        assertEquals(Optional.of(frank.id()), loginInDb(hot.device().id()), "the owner starts on the phone");

        codeLogin(hot, grace, "5566");
        assertEquals(Optional.of(grace.id()), loginInDb(hot.device().id()));
        assertTrue(h.server.deskline().hotdesk().view().loginOfUser(frank.id()).isEmpty(), "the owner is replaced");
        Call out = hot.phone().call(h.uri("0201234567"));
        Call atTrunk = h.trunk.awaitIncomingCall(T);
        out.awaitConfirmed();
        assertTrue(atTrunk.from().contains("<sip:" + grace.outboundNumber() + "@"), atTrunk.from());
        assertTrue(atTrunk.header("P-Asserted-Identity").orElseThrow().contains(grace.outboundNumber()));
        out.hangup();
        atTrunk.awaitTerminated();
        awaitEvent(HotdeskLogoutEvent.class, e -> e.userId().equals(frank.id()) && e.reason() == LogoutReason.REPLACED);
    }

    @Test
    void afterALogoutAPhoneWithAnOwnerFallsBackToTheOwner() {
        User owner = hotdesker("7788", f -> { });
        User visitor = hotdesker("9900", f -> { });
        Hot hot = hotPhone(owner.id());

        codeLogin(hot, visitor, "9900");
        Call out = hot.phone().call(h.uri("*35"));
        awaitLogin(hot.device().id(), owner.id());
        out.awaitTerminated(CALL);
        assertHeard(out, Prompt.LOGGED_OUT);
        assertEquals("owner", loginMethodInDb(hot.device().id()));
    }

    @Test
    void fiveWrongPinsAcrossCallsLockTheLoginUntilTheAdministratorClearsIt() throws Exception {
        User heidi = hotdesker("8642", f -> { });
        Hot hot = hotPhone(null);
        String code = "*35*" + heidi.extension() + "*";

        Call first = hot.phone().call(h.uri(code + "1111"));
        wrongAgain(first, "2222#", heidi, 2);
        wrongAgain(first, "3333#", heidi, 3);
        first.hangup();

        Call second = hot.phone().call(h.uri(code + "4444"));
        awaitFailures(heidi, 4);
        wrongAgain(second, "5555#", heidi, 5);
        keys(second, "8642#");
        second.awaitTerminated(CALL);
        assertHeard(second, Prompt.NOT_ALLOWED);
        assertEquals(Optional.empty(), loginInDb(hot.device().id()), "the right PIN does not help while locked");

        ApiClient admin = h.server.admin();
        JsonNode locked = admin.get("/api/v1/users/" + heidi.id().value()).json().get("hotdesk");
        assertFalse(locked.get("lockedUntil").isNull(), locked.toString());
        assertEquals(5, locked.get("failedAttempts").asInt(), locked.toString());
        assertEquals(204, admin.delete("/api/v1/users/" + heidi.id().value() + "/hotdesk-lock").status());
        assertTrue(admin.get("/api/v1/users/" + heidi.id().value()).json().get("hotdesk").get("lockedUntil").isNull());

        codeLogin(hot, heidi, "8642");
    }

    @Test
    void anUnknownExtensionSoundsExactlyLikeAWrongPin() {
        User ivan = hotdesker("1357", f -> { });
        Hot one = hotPhone(null);
        Hot two = hotPhone(null);

        Call unknown = one.phone().call(h.uri("*35*" + SipHarness.nextExtension() + "*1357"));
        Call wrong = two.phone().call(h.uri("*35*" + ivan.extension() + "*7531"));
        int packets = 120;
        unknown.rtp().awaitAudioPackets(packets, CALL);
        wrong.rtp().awaitAudioPackets(packets, CALL);
        unknown.hangup();
        wrong.hangup();
        byte[] a = heard(unknown, packets);
        assertArrayEquals(a, heard(wrong, packets), "the same recordings, in the same order");
        assertTrue(startsWith(a, PROMPTS.clip(Language.EN, Prompt.WRONG_PIN).toMuLaw()), "wrong PIN comes first");
    }

    @Test
    void aPhoneWithoutHotDeskingAndAUserWithoutPermissionHearNotAllowed() {
        User judy = hotdesker("2244", f -> { });
        User noPermission = hotdesker("6688", f -> f.hotdeskAllowed = Patch.of(false));
        Hot disabled = hotPhone(null);
        DeviceFields off = new DeviceFields();
        off.hotdeskEnabled = Patch.of(false);
        h.server.deskline().provisioning().updateDevice(disabled.device().id(), off);
        Hot hot = hotPhone(null);

        Call onDisabled = disabled.phone().call(h.uri("*35*" + judy.extension() + "*2244"));
        Call withoutPermission = hot.phone().call(h.uri("*35*" + noPermission.extension() + "*6688"));
        onDisabled.awaitTerminated(CALL);
        withoutPermission.awaitTerminated(CALL);
        List<Clip> notAllowed = List.of(PROMPTS.clip(Language.EN, Prompt.NOT_ALLOWED));
        List<Clip> goodbye = List.of(PROMPTS.clip(Language.EN, Prompt.GOODBYE));
        assertHeardExactly(onDisabled, notAllowed, goodbye);
        assertHeardExactly(withoutPermission, notAllowed, goodbye);
        assertEquals(Optional.empty(), loginInDb(disabled.device().id()));
        assertEquals(Optional.empty(), loginInDb(hot.device().id()));
    }

    @Test
    void threeWrongEntriesInACallEndItWithGoodbye() {
        User ken = hotdesker("9753", f -> { });
        Hot hot = hotPhone(null);

        Call ivr = hot.phone().call(h.uri("*35*" + ken.extension() + "*0001"));
        wrongAgain(ivr, "0002#", ken, 2);
        wrongAgain(ivr, "0003#", ken, 3);
        ivr.awaitTerminated(CALL);
        ivr.assertEnded(EndReason.HANGUP_REMOTE);
        assertHeardInOrder(ivr, List.of(PROMPTS.clip(Language.EN, Prompt.WRONG_PIN), PROMPTS.clip(Language.EN, Prompt.GOODBYE)));
        assertEquals(3, count(heard(ivr, Integer.MAX_VALUE), PROMPTS.clip(Language.EN, Prompt.WRONG_PIN).toMuLaw()),
                "wrong PIN begun three times (the first two cut short by the next entry)");
        assertEquals(Optional.empty(), loginInDb(hot.device().id()));
    }

    @Test
    void anInviteWithoutSdpAndAHoldInTheMiddleStillGetPromptsAndKeysThrough() {
        User lee = hotdesker("1470", f -> { });
        Hot hot = hotPhone(null);

        Call ivr = hot.phone().call(h.uri("*35*" + lee.extension()), CallOptions.defaults().withoutSdp());
        ivr.awaitConfirmed();
        assertTrue(ivr.remoteSdp().orElseThrow().text().contains("telephone-event"), "our offer, in the 200");
        awaitPrompt(ivr, 0);
        assertEquals(200, ivr.hold().getStatusCode());
        assertEquals(200, ivr.resume().getStatusCode());
        ivr.rtp().sendDtmf("1470#");
        awaitLogin(hot.device().id(), lee.id());
        ivr.hangup();
        assertHeard(ivr, Prompt.LOGGED_IN_AS);
    }

    @Test
    void otherFeatureCodesAreNotAvailable() {
        Hot hot = hotPhone(null);
        Call code = hot.phone().call(h.uri("*99"));
        assertEquals(404, code.awaitFinal(T).getStatusCode());
        assertEquals("Feature code not available", code.finalResponse().orElseThrow().getReasonPhrase());
    }

    // ------------------------------------------------------------------ set-up

    private record Hot(Device device, SipPhone phone) {
    }

    private static Hot hotPhone(UserId owner) {
        return hotPhone(owner, o -> { });
    }

    private static Hot hotPhone(UserId owner, Consumer<SipPhone.Options> options) {
        Device d = h.device("hot-" + SipHarness.nextExtension(), owner);
        return new Hot(d, h.registered(d.sipUsername(), options));
    }

    private static User hotdesker(String pin, Consumer<UserFields> customise) {
        User u = h.user(SipHarness.nextExtension(), customise);
        h.server.deskline().provisioning().setPin(u.id(), pin);
        return u;
    }

    private static String outbound() {
        return "+3120777" + String.format("%04d", numbers.incrementAndGet());
    }

    // ------------------------------------------------------------------ driving a call

    /** Logs {@code user} in on {@code hot} with {@code *35*ext*PIN} and hangs up once the binding changed. */
    private static void codeLogin(Hot hot, User user, String pin) {
        Call ivr = hot.phone().call(h.uri("*35*" + user.extension() + "*" + pin));
        awaitLogin(hot.device().id(), user.id());
        ivr.awaitConfirmed();
        ivr.hangup();
    }

    /** Waits until 10 audio packets more than {@code before} arrived: a prompt is playing. */
    private static void awaitPrompt(Call call, int before) {
        call.rtp().awaitAudioPackets(before + 10, CALL);
    }

    /** Keys {@code digits} as RFC 4733 events, after the prompt that asks for them has begun. */
    private static void keys(Call call, String digits) {
        awaitPrompt(call, call.rtp().receivedAudioPackets().size());
        call.rtp().sendDtmf(digits);
    }

    /** Waits for the PIN failure count to reach {@code failures - 1}, then keys another wrong entry. */
    private static void wrongAgain(Call call, String entry, User user, int failures) {
        awaitFailures(user, failures - 1);
        keys(call, entry);
        awaitFailures(user, failures);
    }

    private static void awaitFailures(User user, int failures) {
        Await.until(CALL, failures + " PIN failures for " + user.extension(),
                () -> h.server.deskline().hotdesk().lockOf(user.id()).map(PinLock::failures).orElse(0) >= failures);
    }

    private static void awaitLogin(DeviceId device, UserId user) {
        Await.until(CALL, device + " to carry " + user, () -> Optional.ofNullable(user).equals(loginInDb(device)),
                () -> "in the database: " + loginInDb(device));
    }

    private static <E extends DomainEvent> void awaitEvent(Class<E> type, java.util.function.Predicate<E> match) {
        Await.until(T, "a " + type.getSimpleName(), () -> h.events.stream().filter(type::isInstance).map(type::cast)
                .anyMatch(match), h.events::toString);
    }

    // ------------------------------------------------------------------ the database

    private static Optional<UserId> loginInDb(DeviceId device) {
        return queryLogin(device, "user_id").map(v -> new UserId(Long.parseLong(v)));
    }

    private static String loginMethodInDb(DeviceId device) {
        return queryLogin(device, "method").orElse(null);
    }

    private static Optional<String> queryLogin(DeviceId device, String column) {
        DatabaseConfig db = DatabaseConfig.embedded(h.server.config().dataDir());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM device_logins WHERE device_id = ?")) {
            s.setLong(1, device.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ what the phone heard

    /**
     * Audio packets all of payload type {@code pt}, sequence numbers without a gap, one SSRC, the
     * marker bit on the first packet of each talkspurt; within a talkspurt timestamps 160 apart
     * (or a multiple of 160 where the server's pacer restarted its grid after a stall), across a
     * pause the timestamp follows the clock; and in each stretch of a second or more, packets
     * 20 ms apart on average.
     */
    private static void assertPaced(Call call, int pt) {
        List<RtpPacket> audio = call.rtp().receivedAudioPackets();
        String seen = call.rtp().describe();
        assertTrue(audio.size() >= 50, seen);
        assertTrue(audio.get(0).marker(), "the first packet carries the marker bit: " + seen);
        List<List<RtpPacket>> stretches = new ArrayList<>();
        stretches.add(new ArrayList<>());
        for (int i = 0; i < audio.size(); i++) {
            RtpPacket p = audio.get(i);
            assertEquals(pt, p.payloadType(), seen);
            assertEquals(audio.get(0).ssrc(), p.ssrc(), seen);
            if (i > 0) {
                RtpPacket prev = audio.get(i - 1);
                assertEquals((prev.sequence() + 1) & 0xFFFF, p.sequence(), "sequence numbers without a gap: " + seen);
                long step = (p.timestamp() - prev.timestamp()) & 0xFFFFFFFFL;
                if (p.marker()) {
                    assertTrue(step > 160 && step < 8000 * 60, "a talkspurt's timestamp follows the clock: " + step);
                } else {
                    assertTrue(step >= 160 && step % 160 == 0, "timestamps 160 apart within a talkspurt: " + step);
                }
                if (step != 160) {
                    stretches.add(new ArrayList<>());
                }
            }
            stretches.get(stretches.size() - 1).add(p);
        }
        int checked = 0;
        for (List<RtpPacket> run : stretches) {
            if (run.size() >= 50) {
                double meanMs = (run.get(run.size() - 1).arrivalNanos() - run.get(0).arrivalNanos())
                        / 1e6 / (run.size() - 1);
                assertTrue(meanMs > 15 && meanMs < 25, "paced at 20 ms: mean " + meanMs + " ms over " + run.size());
                checked++;
            }
        }
        assertTrue(checked > 0, "no stretch of 50 packets to measure: " + seen);
    }

    /** The first {@code packets} audio payloads received, concatenated (mu-law for PCMU calls). */
    private static byte[] heard(Call call, int packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RtpPacket> audio = call.rtp().receivedAudioPackets();
        for (int i = 0; i < Math.min(packets, audio.size()); i++) {
            assertEquals(0, audio.get(i).payloadType(), "compared as PCMU");
            out.writeBytes(audio.get(i).payload());
        }
        return out.toByteArray();
    }

    /** Whether the phone heard {@code clip} begin: its first 100 ms (a prompt may be cut short by a key). */
    private static boolean heardClip(Call call, Clip clip) {
        return indexOf(heard(call, Integer.MAX_VALUE), clip.toMuLaw(), 0, BEGINNING) >= 0;
    }

    private static void assertHeard(Call call, Prompt prompt) {
        assertTrue(heardClip(call, PROMPTS.clip(Language.EN, prompt)), prompt + " heard: " + call.rtp().describe());
    }

    private static void assertHeardInOrder(Call call, List<Clip> clips) {
        byte[] all = heard(call, Integer.MAX_VALUE);
        int at = 0;
        for (Clip c : clips) {
            int found = indexOf(all, c.toMuLaw(), at);
            assertTrue(found >= 0, c + " heard after byte " + at + " of " + all.length);
            at = found + c.sampleCount();
        }
    }

    /**
     * Everything heard was {@code first} then {@code then}, with nothing but silence around and
     * between them (the IVR's pauses and padding).
     */
    private static void assertHeardExactly(Call call, List<Clip> first, List<Clip> then) {
        byte[] all = heard(call, Integer.MAX_VALUE);
        List<Clip> clips = new ArrayList<>(first);
        clips.addAll(then);
        int at = 0;
        for (Clip c : clips) {
            int found = indexOf(all, c.toMuLaw(), at);
            assertTrue(found >= 0, c + " heard after byte " + at);
            assertSilent(all, at, found);
            at = found + c.sampleCount();
        }
        assertSilent(all, at, all.length);
    }

    private static void assertSilent(byte[] muLaw, int from, int to) {
        for (int i = from; i < to; i++) {
            assertTrue(muLaw[i] == (byte) 0xFF || muLaw[i] == (byte) 0x7F, "silence expected at byte " + i);
        }
    }

    private static boolean startsWith(byte[] all, byte[] prefix) {
        return all.length >= prefix.length && indexOf(all, prefix, 0) == 0;
    }

    /** How often the beginning of {@code part} occurs in {@code all}. */
    private static int count(byte[] all, byte[] part) {
        int n = 0;
        int at = indexOf(all, part, 0, BEGINNING);
        while (at >= 0) {
            n++;
            at = indexOf(all, part, at + 1, BEGINNING);
        }
        return n;
    }

    private static int indexOf(byte[] all, byte[] part, int from) {
        return indexOf(all, part, from, part.length);
    }

    /** Where the first {@code length} bytes of {@code part} occur in {@code all} from {@code from}; -1 if nowhere. */
    private static int indexOf(byte[] all, byte[] part, int from, int length) {
        int len = Math.min(part.length, length);
        outer:
        for (int i = Math.max(0, from); i <= all.length - len; i++) {
            for (int j = 0; j < len; j++) {
                if (all[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
