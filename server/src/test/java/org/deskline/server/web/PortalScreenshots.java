package org.deskline.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.UserId;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.presence.PresenceState;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Regenerates the README's screenshots in {@code docs/screenshots/} at desktop and phone width from a
 * small demo office. Not part of the normal build; run it with
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
        createDevice("Hot desk 4", "phone4", null);
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

        SimulatedSip sip = new SimulatedSip(server.deskline().calls());
        long a = alice.get("id").asLong();
        sip.open(a, CallDirection.OUTBOUND, "+31307654321", null, "+31307654321").ringing().answered()
                .ended(EndReason.HANGUP_LOCAL);
        sip.open(a, CallDirection.INTERNAL, "102", "Bob Bakker", "101").ringing().ended(EndReason.CANCELLED);
        sip.open(a, CallDirection.INTERNAL, "103", "Carla de Vries", "101").ringing().answered()
                .ended(EndReason.HANGUP_REMOTE);
        sip.open(a, CallDirection.INBOUND, "+31205550134", null, "+31201234101").ringing().ended(EndReason.NO_ANSWER);
        sip.open(a, CallDirection.INTERNAL, "104", "Daan Jansen", "104").ringing().answered()
                .ended(EndReason.HANGUP_LOCAL);
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
            SimulatedSip.Call live = sip.open(a, CallDirection.INTERNAL, "103", "Carla de Vries", "101")
                    .redirectedTo("+31612345101").ringing().answered();
            portal.text(By.cssSelector("#call-panel"), "Connected");
            portal.script("document.activeElement.blur()");
            shot("home", suffix);
            live.ended(EndReason.HANGUP_REMOTE);
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

    private static UserId uid(JsonNode user) {
        return new UserId(user.get("id").asLong());
    }

    private static void shot(String name, String suffix) throws Exception {
        browser.screenshot(OUT.resolve(name + "-" + suffix + ".png"));
    }
}
