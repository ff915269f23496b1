package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.testkit.Await;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.SipPhone;

/** Helpers for the telecommuter tests: users in telecommuter mode, click-to-call, call events, clean-up checks. */
final class Telecommuting {
    private Telecommuting() {
    }

    /** A telecommuter number nobody else in this JVM uses, derived from the extension. */
    static String numberFor(String extension) {
        return "+3161" + String.format("%07d", Integer.parseInt(extension));
    }

    static String outboundFor(String extension) {
        return "+3120" + String.format("%07d", Integer.parseInt(extension));
    }

    /** A user allowed to telecommute, with a telecommuter and an outbound number, switched to telecommuter mode. */
    static User telecommuter(SipHarness h, String ext, Consumer<UserFields> customise) {
        User u = h.user(ext, f -> {
            f.telecommuterAllowed = Patch.of(true);
            f.telecommuterNumber = Patch.of(numberFor(ext));
            f.outboundNumber = Patch.of(outboundFor(ext));
            f.dialPermission = Patch.of(DialPermission.NATIONAL);
            customise.accept(f);
        });
        return h.server.deskline().modes().setMode(u.id(), UserMode.TELECOMMUTER, null);
    }

    static User telecommuter(SipHarness h, String ext) {
        return telecommuter(h, ext, f -> { });
    }

    static CallView click(SipHarness h, UserId user, String destination) {
        return h.server.deskline().callControl().clickToCall(user, destination);
    }

    /** The next call arriving at {@code phone}, which must be for {@code number}. */
    static Call next(SipPhone phone, String number) {
        Call c = phone.awaitIncomingCall(T);
        assertTrue(c.requestUri().startsWith("sip:" + number + "@"), "expected a call for " + number + ": " + c.requestUri());
        return c;
    }

    /** The call events of {@code user} for {@code call}, in order. */
    static List<CallEvent> events(SipHarness h, UserId user, CallId call) {
        return h.events.stream().filter(e -> e instanceof CallEvent).map(e -> (CallEvent) e)
                .filter(e -> e.call().userId().equals(user) && e.call().callId().equals(call)).toList();
    }

    static List<String> eventNames(SipHarness h, UserId user, CallId call) {
        return events(h, user, call).stream().map(CallEvent::name).toList();
    }

    /** Waits for {@code call_ended} of the user's call and returns its reason. */
    static EndReason awaitEnded(SipHarness h, UserId user, CallId call) {
        return Await.value(T, "call_ended of " + call + " for " + user, () -> events(h, user, call).stream()
                .filter(e -> e.kind() == CallEvent.Kind.ENDED).map(e -> e.call().endReason()).findFirst(),
                () -> eventNames(h, user, call).toString());
    }

    /** Nothing left behind: no call, no leg, no telecommuter line in use, no media session. */
    static void awaitClean(SipHarness h) {
        h.awaitNoCalls();
        Await.until(T, "no telecommuter line in use", () -> h.server.deskline().sip().lines().linesInUse() == 0);
        Await.until(T, "no media session left", () -> h.server.deskline().media().sessionCount() == 0);
    }

    static void assertSameSession(String firstSdp, String laterSdp) {
        String[] first = origin(firstSdp);
        String[] later = origin(laterSdp);
        assertEquals(first[0] + " " + first[1], later[0] + " " + later[1], "the origin stays the session's");
        assertTrue(Long.parseLong(later[2]) > Long.parseLong(first[2]), "the version grows: " + laterSdp);
    }

    private static String[] origin(String sdp) {
        for (String l : sdp.split("\r?\n")) {
            if (l.startsWith("o=")) {
                return l.substring(2).trim().split(" +");
            }
        }
        throw new AssertionError("no origin line in " + sdp);
    }
}
