package org.deskline.server.web;

import static org.deskline.server.web.SipAgents.incoming;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.UserId;
import org.deskline.core.hotdesk.LogoutReason;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.presence.PresenceState;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Regenerates the README's screenshots in {@code docs/screenshots/} at desktop and phone width from a
 * small demo office whose calls are real SIP calls on loopback ({@link SipAgents}: the demo phones
 * registered, the fake trunk as the outside world). Hot-desk logins (Daan at hot desk 3, Carla at hot desk
 * 4 for her calls) and presence are set through the services, not dialled: {@code *35} would only add its
 * spoken prompts' seconds, and {@code HotdeskCodesTest} covers it. Not part of the normal build; run it with
 * {@code mvn -B -pl server -am test -Dtest=PortalScreenshots -Dsurefire.failIfNoSpecifiedTests=false -Ddeskline.screenshots=true}.
 */
@EnabledIfSystemProperty(named = "deskline.screenshots", matches = "true")
class PortalScreenshots extends BrowserTestBase {
    private static final Path OUT = Path.of("..", "docs", "screenshots").toAbsolutePath().normalize();

    @Test
    void captureTheMainScreens() throws Exception {
        JsonNode alice = createUser("101", "Alice Archer", "password-101", "hotdesk", Map.of("allowed", true),
                "telecommuter", Map.of("allowed", true, "number", "+31612345101"), "voicemail", Map.of("enabled", true),
                "outboundNumber", "+31201234101");
        JsonNode bob = createUser("102", "Bob Bakker", "password-102", "hotdesk", Map.of("allowed", true));
        JsonNode carla = createUser("103", "Carla de Vries", "password-103", "hotdesk", Map.of("allowed", true),
                "telecommuter", Map.of("allowed", true, "number", "+31687654103"));
        JsonNode daan = createUser("104", "Daan Jansen", "password-104", "hotdesk", Map.of("allowed", true));
        JsonNode eva = createUser("105", "Eva Smit", "password-105");
        JsonNode femke = createUser("106", "Femke Visser", "password-106", "hotdesk", Map.of("allowed", true));
        createDevice("Desk phone 1", "phone1", alice.get("id").asLong());
        createDevice("Desk phone 2", "phone2", bob.get("id").asLong());
        JsonNode hot3 = createDevice("Hot desk 3", "phone3", null);
        JsonNode hot4 = createDevice("Hot desk 4", "phone4", null);
        createDevice("Reception", "reception", eva.get("id").asLong());
        server.deskline().hotdesk().login(new DeviceId(hot3.get("id").asLong()), new UserId(daan.get("id").asLong()),
                LoginMethod.FEATURE_CODE);
        for (String ext : new String[] {"101", "102", "104", "106"}) {
            JsonNode u = admin.get("/api/v1/users?q=" + ext).json().get(0);
            admin.post("/api/v1/users/" + u.get("id").asLong() + "/hotdesk-pin", null);
        }
        PresenceService presence = server.deskline().portalServices().presence();
        presence.set(uid(alice), PresenceState.AVAILABLE, "Working from home today");
        presence.set(uid(bob), PresenceState.BUSY, "In a meeting until 11:30");
        presence.set(uid(carla), PresenceState.AVAILABLE, null);
        presence.set(uid(daan), PresenceState.AWAY, "Lunch");
        presence.set(uid(eva), PresenceState.DND, "Interviews all afternoon");
        presence.set(uid(femke), PresenceState.AVAILABLE, null);

        // Alice's call log, made of real calls: the phones register, the trunk plays the outside world.
        SipPhone desk1 = sip.phone("phone1");
        SipPhone desk2 = sip.phone("phone2");
        SipPhone hot3Phone = sip.phone("phone3");
        SipPhone hot4Phone = sip.phone("phone4");
        DeviceId hot4Id = new DeviceId(hot4.get("id").asLong());
        UserId carlaId = uid(carla);

        Call out = desk1.call(sip.uri("+31307654321"));
        answer(incoming(sip.trunk, "+31307654321"));
        out.awaitConfirmed();
        out.hangup();
        sip.awaitNoCalls();

        Call missed = desk2.call(sip.uri("101"));
        Call ringing = desk1.awaitIncomingCall(SipAgents.T);
        ringing.ring();
        missed.cancel();
        ringing.awaitTerminated();
        sip.awaitNoCalls();

        server.deskline().hotdesk().login(hot4Id, carlaId, LoginMethod.FEATURE_CODE);
        Call fromCarla = hot4Phone.call(sip.uri("101"));
        answer(desk1.awaitIncomingCall(SipAgents.T));
        fromCarla.awaitConfirmed();
        fromCarla.hangup();
        server.deskline().hotdesk().logout(hot4Id, LoginMethod.FEATURE_CODE, LogoutReason.USER);
        sip.awaitNoCalls();

        // Nobody answers: the call ends after the ring timeout.
        Call unanswered = sip.trunk.call(sip.uri("+31201234101"),
                CallOptions.defaults().from("<sip:+31205550134@carrier.example>"));
        desk1.awaitIncomingCall(SipAgents.T).ring();
        unanswered.awaitFinal(SipAgents.RING_TIMEOUT.plus(SipAgents.T));
        sip.awaitNoCalls();

        Call toDaan = desk1.call(sip.uri("104"));
        answer(hot3Phone.awaitIncomingCall(SipAgents.T));
        toDaan.awaitConfirmed();
        toDaan.hangup();
        sip.awaitNoCalls();
        server.deskline().portalServices().callLog().flush();
        ApiClient aliceApi = server.api();
        aliceApi.signIn("101", "password-101");
        aliceApi.put("/api/v1/users/me/mode", ApiClient.json("mode", "telecommuter"));

        for (Dimension size : new Dimension[] {Browser.DESKTOP, Browser.PHONE}) {
            String suffix = size.equals(Browser.PHONE) ? "phone" : "desktop";
            browser.resize(size);

            portal.signedOut();
            shot("sign-in", suffix);

            portal.signIn("101", "password-101");
            portal.text(By.cssSelector(".connection"), "Live");
            portal.text(By.id("directory-list"), "Bob Bakker");
            // Carla, at hot desk 4, calls Alice, whose calls go to her telecommuter number: the trunk answers there.
            server.deskline().hotdesk().login(hot4Id, carlaId, LoginMethod.FEATURE_CODE);
            Call live = hot4Phone.call(sip.uri("101"));
            answer(incoming(sip.trunk, "+31612345101"));
            live.awaitConfirmed();
            portal.text(By.cssSelector("#call-panel"), "Connected");
            portal.script("document.activeElement.blur()");
            shot("home", suffix);
            live.hangup();
            server.deskline().hotdesk().logout(hot4Id, LoginMethod.FEATURE_CODE, LogoutReason.USER);
            sip.awaitNoCalls();
            portal.click(By.cssSelector("#call-panel button.dismiss"));

            portal.click(By.cssSelector(".main-nav a[href='#/calls']"));
            portal.text(By.id("call-log"), "Missed");
            portal.script("document.activeElement.blur()");
            shot("call-log", suffix);

            portal.signInFresh("admin", TestServer.ADMIN_PASSWORD);
            portal.text(By.id("users-body"), "Alice Archer");
            shot("admin-users", suffix);
            portal.click(By.id("new-user"));
            portal.type(By.id("user-extension"), "107");
            portal.type(By.id("user-name"), "Gijs de Graaf");
            portal.type(By.id("user-outbound"), "+31201234107");
            if (size.equals(Browser.DESKTOP)) {
                portal.script("document.querySelector('#hotdesk-section').scrollIntoView({block: 'center'})");
            }
            shot("admin-new-user", suffix);
            portal.click(By.cssSelector("dialog .dialog-close"));

            portal.click(By.cssSelector(".main-nav a[href='#/admin/devices']"));
            portal.text(By.id("devices-body"), "Daan Jansen (104)");
            portal.script("document.activeElement.blur()");
            shot("admin-devices", suffix);
        }
        browser.resize(Browser.DESKTOP);
    }

    /** Rings, then answers: a person picking up. */
    private static void answer(Call call) {
        call.ring();
        call.answer();
    }

    private static UserId uid(JsonNode user) {
        return new UserId(user.get("id").asLong());
    }

    private static void shot(String name, String suffix) throws Exception {
        browser.screenshot(OUT.resolve(name + "-" + suffix + ".png"));
    }
}
