package org.deskline.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.deskline.core.directory.UserId;
import org.deskline.core.presence.PresenceState;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** A user's portal: sign in and out, where calls ring and the mode switch, presence across tabs. */
class UserPortalTest extends BrowserTestBase {
    private static final By WHERE_NOW = By.id("where-now");

    /** A user with a desk phone of their own (logged in on it) and telecommuter mode allowed. */
    private JsonNode deskUser(String ext, String name) throws Exception {
        JsonNode u = createUser(ext, name, "password-" + ext, "hotdesk", Map.of("allowed", true),
                "telecommuter", Map.of("allowed", true));
        createDevice("Desk " + ext, "phone" + ext, u.get("id").asLong());
        return u;
    }

    @Test
    void signInShowsWhereCallsRingAndSignOutReturnsToSignIn() throws Exception {
        String ext = nextExtension();
        deskUser(ext, "Ida Jansen");
        portal.signedOut();
        portal.type(By.name("username"), ext);
        portal.type(By.name("password"), "not-the-password");
        portal.click(By.cssSelector(".signin-form button[type=submit]"));
        portal.text(By.cssSelector(".signin-form .form-error"), "do not match");
        assertEquals("password", portal.focused().getAttribute("name"), "focus back on the password");

        portal.signIn(ext, "password-" + ext);
        portal.text(By.cssSelector("h1.page-title"), "Ida");
        portal.text(WHERE_NOW, "Calls ring on your desk phone Desk " + ext);
        portal.text(By.id("header-presence"), "Available");
        portal.text(By.cssSelector(".connection"), "Live");
        assertEquals("page", portal.driver().findElement(By.cssSelector(".main-nav a[href='#/']"))
                .getAttribute("aria-current"));

        portal.click(By.xpath("//button[normalize-space()='Sign out']"));
        portal.text(By.cssSelector(".signin .notice"), "You have signed out.");
        portal.driver().navigate().refresh();
        portal.visible(By.id("signin-title"));
    }

    @Test
    void aSessionEndedElsewhereReturnsToSignIn() throws Exception {
        String ext = nextExtension();
        deskUser(ext, "Jan Smit");
        portal.signInFresh(ext, "password-" + ext);
        portal.text(By.cssSelector(".connection"), "Live");
        String token = portal.driver().manage().getCookieNamed("deskline_session").getValue();
        assertEquals(204, server.api().withToken(token).delete("/api/v1/sessions/current").status());
        portal.text(By.cssSelector(".signin .notice"), "Your session has ended");
    }

    @Test
    void userSwitchesToTelecommuterWithNumberAndBack() throws Exception {
        String ext = nextExtension();
        deskUser(ext, "Karin de Boer");
        portal.signInFresh(ext, "password-" + ext);
        portal.text(WHERE_NOW, "Desk " + ext);

        portal.click(By.cssSelector("label[for=mode-telecommuter]"));
        assertEquals("telecommuter-number", portal.focused().getAttribute("id"), "the number field takes focus");
        portal.type(By.id("telecommuter-number"), "12ab");
        portal.click(By.id("mode-apply"));
        assertTrue(portal.fieldError(By.id("telecommuter-number")).contains("phone number"));

        portal.type(By.id("telecommuter-number"), "+31 6 1234 5" + ext);
        portal.click(By.id("mode-apply"));
        portal.text(WHERE_NOW, "Calls go to +31612345" + ext);
        assertEquals("telecommuter", admin.get("/api/v1/users?q=" + ext).json().get(0).get("mode").asText());

        portal.click(By.cssSelector("label[for=mode-desk]"));
        portal.click(By.id("mode-apply"));
        portal.text(WHERE_NOW, "Calls ring on your desk phone Desk " + ext);
        assertEquals("desk", admin.get("/api/v1/users?q=" + ext).json().get(0).get("mode").asText());
    }

    @Test
    void presenceChangedInOneTabAppearsInAnotherAndColleaguesPresenceLive() throws Exception {
        String ext = nextExtension();
        deskUser(ext, "Lotte Bos");
        String colleagueExt = nextExtension();
        JsonNode colleague = deskUser(colleagueExt, "Maarten Vos");

        portal.signInFresh(ext, "password-" + ext);
        String first = portal.driver().getWindowHandle();
        portal.driver().switchTo().newWindow(WindowType.TAB);
        portal.go("/");
        portal.text(By.cssSelector(".connection"), "Live");
        String second = portal.driver().getWindowHandle();

        portal.driver().switchTo().window(first);
        portal.text(By.cssSelector(".connection"), "Live");
        new Select(portal.visible(By.id("presence-state"))).selectByValue("busy");
        portal.type(By.id("presence-message"), "In a workshop until 15:00 <b>bold?</b>");
        portal.click(By.id("presence-save"));
        portal.text(By.id("header-presence"), "Busy");

        portal.driver().switchTo().window(second);
        portal.text(By.id("header-presence"), "In a workshop until 15:00 <b>bold?</b>");
        portal.text(By.id("header-presence"), "Busy");
        assertEquals("busy", new Select(portal.visible(By.id("presence-state"))).getFirstSelectedOption()
                .getAttribute("value"));
        assertEquals("In a workshop until 15:00 <b>bold?</b>",
                portal.driver().findElement(By.id("presence-message")).getAttribute("value"));
        assertTrue(portal.driver().findElements(By.cssSelector("#header-presence b")).isEmpty(),
                "a status message is text, never markup");

        By colleagueRow = By.cssSelector("#directory-list li[data-extension='" + colleagueExt + "']");
        portal.text(colleagueRow, "Available");
        server.deskline().portalServices().presence().set(new UserId(colleague.get("id").asLong()), PresenceState.AWAY,
                "Lunch");
        portal.text(colleagueRow, "Away");
        portal.text(colleagueRow, "Lunch");

        portal.driver().close();
        portal.driver().switchTo().window(first);
    }

    @Test
    void atPhoneWidthEverythingFitsIsLabelledAndWorksFromTheKeyboard() throws Exception {
        String ext = nextExtension();
        deskUser(ext, "Sven Dekker");
        browser.resize(new Dimension(360, 740));
        try {
            portal.signInFresh(ext, "password-" + ext);
            portal.text(WHERE_NOW, "Desk " + ext);
            portal.visible(By.cssSelector("#directory-list li"));
            assertTrue(!portal.overflowsHorizontally("html"), "no sideways scrolling at 360 px");
            assertEquals(java.util.List.of(), portal.unlabelledControls("body"), "every control has a label");

            portal.driver().navigate().refresh();
            portal.text(WHERE_NOW, "Desk " + ext);
            new Actions(portal.driver()).sendKeys(Keys.TAB).perform();
            assertEquals("Skip to content", portal.focused().getText());
            portal.focused().sendKeys(Keys.ENTER);
            assertEquals("main", portal.focused().getAttribute("id"));

            portal.script("document.getElementById('mode-desk').focus()");
            portal.focused().sendKeys(Keys.ARROW_RIGHT);
            assertEquals("mode-telecommuter", portal.focused().getAttribute("id"));
            portal.focused().sendKeys(Keys.TAB);
            assertEquals("telecommuter-number", portal.focused().getAttribute("id"));
            portal.focused().sendKeys("+31612345" + ext, Keys.TAB);
            assertEquals("mode-apply", portal.focused().getAttribute("id"));
            portal.focused().sendKeys(Keys.ENTER);
            portal.text(WHERE_NOW, "Calls go to +31612345" + ext);
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }
}
