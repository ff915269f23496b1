package org.deskline.server.web;

import static org.deskline.server.web.SipAgents.answerAfterTheGuard;
import static org.deskline.server.web.SipAgents.incoming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.deskline.testkit.sip.EndReason;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The live call panel and the call log with real SIP calls on loopback ({@link SipAgents}): a click-to-call
 * from the directory in telecommuter mode progressing as the fake trunk answers the callback and then the
 * target, an incoming call from outside redirected to the telecommuter number popping up and hung up from
 * the portal, a missed call and an answered one in the call log (and the caller's side of it, not missed),
 * and calling back from a desk phone.
 * What is asserted is what the user sees; the agents' side checks that the portal's hang-up reached the
 * wire.
 */
class CallPanelTest extends BrowserTestBase {
    private static final By PANEL = By.id("call-panel");

    private static String telecommuterNumber(String ext) {
        return "+31612340" + ext;
    }

    private static String outboundNumber(String ext) {
        return "+31201230" + ext;
    }

    /** A user with a desk phone of their own (not registered), allowed to telecommute, with an outbound number. */
    private JsonNode user(String ext, String name) throws Exception {
        JsonNode u = createUser(ext, name, "password-" + ext, "telecommuter",
                Map.of("allowed", true, "number", telecommuterNumber(ext)), "outboundNumber", outboundNumber(ext));
        createDevice("Desk " + ext, "phone" + ext, u.get("id").asLong());
        return u;
    }

    private JsonNode telecommuter(String ext, String name) throws Exception {
        JsonNode u = user(ext, name);
        server.deskline().modes().setMode(new UserId(u.get("id").asLong()), UserMode.TELECOMMUTER, null);
        return u;
    }

    private static By card(String callId) {
        return By.cssSelector("#call-panel .call-card[data-call-id='" + callId + "']");
    }

    private static By directoryRow(String ext) {
        return By.cssSelector("#directory-list li[data-extension='" + ext + "']");
    }

    /** The id of the call that has just popped up in the panel (the one card not ended). */
    private static String newCallCard() {
        return portal.waiting().ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "a live call in the panel")
                .until(d -> d.findElements(By.cssSelector("#call-panel .call-card:not([data-state='ended'])")).stream()
                        .map(e -> e.getAttribute("data-call-id")).findFirst().orElse(null));
    }

    private static void dismiss(String callId) {
        portal.click(By.cssSelector("#call-panel .call-card[data-call-id='" + callId + "'] button.dismiss"));
    }

    @Test
    void clickToCallFromTheDirectoryShowsTheCallProgressAndHangsUp() throws Exception {
        String ext = nextExtension();
        telecommuter(ext, "Nina Peters");
        String colleagueExt = nextExtension();
        telecommuter(colleagueExt, "Otto Mulder");
        portal.signInFresh(ext, "password-" + ext);
        portal.text(By.id("where-now"), "Calls go to " + telecommuterNumber(ext));
        portal.text(By.cssSelector(".connection"), "Live");

        portal.visible(directoryRow(colleagueExt)).findElement(By.cssSelector("button.call")).click();
        // The callback: the trunk rings the telecommuter number, presenting the user's outbound number.
        Call atUser = incoming(sip.trunk, telecommuterNumber(ext));
        long invited = System.nanoTime();
        assertTrue(atUser.from().contains("<sip:" + outboundNumber(ext) + "@"), atUser.from());
        atUser.ring();
        String call = newCallCard();
        portal.text(card(call), "Otto Mulder");
        // The user's own call, going through their telecommuter number: not a redirection.
        portal.text(card(call), "Calling · via " + telecommuterNumber(ext));
        assertFalse(portal.visible(card(call)).getText().contains("Incoming"), portal.visible(card(call)).getText());
        portal.text(card(call), "Dialling");

        answerAfterTheGuard(atUser, invited);
        // Then the colleague, who telecommutes too: through the trunk to their number.
        Call atTarget = incoming(sip.trunk, telecommuterNumber(colleagueExt));
        atTarget.ring();
        portal.text(card(call), "Ringing");
        atTarget.answer();
        portal.text(card(call), "Connected · 0:0");
        portal.text(directoryRow(colleagueExt), "On a call");
        atUser.awaitConfirmed();

        portal.visible(card(call)).findElement(By.cssSelector("button.hangup")).click();
        portal.text(card(call), "Ended · Hung up from the portal");
        atUser.awaitTerminated();
        atUser.assertEnded(EndReason.HANGUP_REMOTE);
        atTarget.awaitTerminated();
        atTarget.assertEnded(EndReason.HANGUP_REMOTE);
        portal.text(directoryRow(colleagueExt), "Available");
        dismiss(call);
        portal.gone(PANEL);

        // In the call log: an outgoing call "via" the telecommuter number, nothing redirected, nothing missed.
        server.deskline().portalServices().callLog().flush();
        portal.click(By.cssSelector(".main-nav a[href='#/calls']"));
        By entry = By.cssSelector("#call-log li[data-call-id='" + call + "']");
        portal.text(entry, "Otto Mulder (" + colleagueExt + ")");
        portal.text(entry, "via " + telecommuterNumber(ext));
        assertFalse(portal.visible(entry).getText().contains("Redirected"), portal.visible(entry).getText());
        assertEquals("false", portal.visible(entry).getAttribute("data-missed"));
        assertEquals("Outgoing call", kind(entry));
        sip.awaitNoCalls();
    }

    @Test
    void incomingCallRedirectedToTheTelecommuterNumberPopsUpAndIsHungUp() throws Exception {
        String ext = nextExtension();
        user(ext, "Petra Kok");
        portal.signInFresh(ext, "password-" + ext);
        portal.click(By.cssSelector("label[for=mode-telecommuter]"));
        portal.click(By.id("mode-apply"));
        portal.text(By.id("where-now"), "Calls go to " + telecommuterNumber(ext));
        WebElement before = portal.focused();

        Call fromOutside = sip.trunk.call(sip.uri(outboundNumber(ext)),
                CallOptions.defaults().from("\"Rijksmuseum\" <sip:+31201234567@carrier.example>"));
        Call atRemote = incoming(sip.trunk, telecommuterNumber(ext));
        atRemote.ring();
        String call = newCallCard();
        WebElement card = portal.visible(card(call));
        portal.text(card(call), "Incoming call · redirected to " + telecommuterNumber(ext));
        portal.text(card(call), "Rijksmuseum");
        portal.text(card(call), "+31201234567");
        portal.text(card(call), "Ringing");
        assertEquals(call, portal.focused().getAttribute("data-call-id"), "the pop-up takes focus");
        assertTrue(card.getAttribute("aria-label").contains("Incoming call"));

        atRemote.answer();
        fromOutside.awaitConfirmed();
        portal.text(card(call), "Connected");
        WebElement hangup = portal.visible(card(call)).findElement(By.cssSelector("button.hangup"));
        assertEquals("Hang up call with Rijksmuseum", hangup.getAttribute("aria-label"));
        hangup.click();
        portal.text(card(call), "Ended · Hung up from the portal");
        fromOutside.awaitTerminated();
        fromOutside.assertEnded(EndReason.HANGUP_REMOTE);
        atRemote.awaitTerminated();
        atRemote.assertEnded(EndReason.HANGUP_REMOTE);
        dismiss(call);
        portal.gone(PANEL);
        WebElement after = portal.focused();
        assertTrue(after.equals(before) || "main".equals(after.getAttribute("id")),
                "focus returns where it was, or to the page; never lost: " + after.getTagName());
        sip.awaitNoCalls();
    }

    @Test
    void missedCallsAreMarkedInTheCallLogWithCallBack() throws Exception {
        String ext = nextExtension();
        user(ext, "Quinten de Wit");
        SipPhone desk = sip.phone("phone" + ext);
        String colleagueExt = nextExtension();
        user(colleagueExt, "Roos Smit");
        SipPhone roos = sip.phone("phone" + colleagueExt);
        portal.signInFresh(ext, "password-" + ext);
        portal.text(By.id("where-now"), "Calls ring on your desk phone Desk " + ext);
        portal.click(By.cssSelector(".main-nav a[href='#/calls']"));
        portal.text(By.cssSelector("h1.page-title"), "Call log");
        portal.text(By.cssSelector(".call-log-page [role=status]"), "No calls yet.");

        // Roos calls and hangs up (CANCEL) while the desk phone rings.
        Call fromRoos = roos.call(sip.uri(ext));
        Call atDesk = desk.awaitIncomingCall(SipAgents.T);
        atDesk.ring();
        String missed = newCallCard();
        portal.text(card(missed), "Roos Smit");
        portal.text(card(missed), "Ringing");
        assertEquals(487, fromRoos.cancel().getStatusCode());
        atDesk.awaitTerminated();
        atDesk.assertEnded(EndReason.CANCELLED_BY_REMOTE);
        portal.text(card(missed), "Ended · Caller hung up");
        dismiss(missed);
        By missedEntry = By.cssSelector("#call-log li[data-call-id='" + missed + "']");
        portal.text(missedEntry, "Missed");

        // An answered call, placed from the portal's dialler: the desk phone first, then the outside number.
        portal.click(By.cssSelector(".main-nav a[href='#/']"));
        portal.type(By.id("dial-number"), "010 765 4321");
        portal.click(By.id("dial-call"));
        Call callback = desk.awaitIncomingCall(SipAgents.T);
        callback.ring();
        String answered = newCallCard();
        portal.text(card(answered), "Calling");
        portal.text(card(answered), "0107654321");
        callback.answer();
        Call atOutside = incoming(sip.trunk, "0107654321");
        assertTrue(atOutside.from().contains("<sip:" + outboundNumber(ext) + "@"), atOutside.from());
        atOutside.ring();
        portal.text(card(answered), "Ringing");
        atOutside.answer();
        portal.text(card(answered), "Connected");
        callback.awaitConfirmed();
        atOutside.awaitConfirmed();
        atOutside.hangup();
        callback.awaitTerminated();
        portal.text(card(answered), "Ended · They hung up");
        dismiss(answered);

        // The call log page reads the log from the server, which writes it behind: wait for the writes.
        server.deskline().portalServices().callLog().flush();
        portal.click(By.cssSelector(".main-nav a[href='#/calls']"));
        By answeredEntry = By.cssSelector("#call-log li[data-call-id='" + answered + "']");
        portal.text(missedEntry, "Missed");
        portal.text(missedEntry, "Roos Smit (" + colleagueExt + ")");
        portal.text(missedEntry, "Caller hung up");
        assertEquals("true", portal.visible(missedEntry).getAttribute("data-missed"));
        assertEquals("false", portal.visible(answeredEntry).getAttribute("data-missed"));

        // After a reload: newest first, the missed call still marked.
        portal.driver().navigate().refresh();
        portal.text(missedEntry, "Missed");
        var entries = portal.driver().findElements(By.cssSelector("#call-log li"));
        assertEquals(2, entries.size());
        assertEquals(answered, entries.get(0).getAttribute("data-call-id"), "newest first");

        // Call back, in desk mode: the desk phone rings first (showing whom it calls), then Roos's phone.
        portal.click(By.cssSelector("#call-log li[data-missed='true'] button"));
        Call back = desk.awaitIncomingCall(SipAgents.T);
        assertTrue(back.from().contains("sip:" + colleagueExt + "@"), "the phone shows whom it calls: " + back.from());
        back.ring();
        String callBack = newCallCard();
        portal.text(card(callBack), "Calling");
        portal.text(card(callBack), "Roos Smit");
        portal.text(card(callBack), "Dialling");
        back.answer();
        Call atRoos = roos.awaitIncomingCall(SipAgents.T);
        assertTrue(atRoos.from().contains("sip:" + ext + "@"), "as dialled from the extension: " + atRoos.from());
        atRoos.ring();
        portal.text(card(callBack), "Ringing");
        portal.visible(card(callBack)).findElement(By.cssSelector("button.hangup")).click();
        portal.text(card(callBack), "Ended · Hung up from the portal");
        back.awaitTerminated();
        back.assertEnded(EndReason.HANGUP_REMOTE);
        atRoos.awaitTerminated();
        atRoos.assertEnded(EndReason.CANCELLED_BY_REMOTE);

        portal.click(By.cssSelector("label[for=filter-missed]"));
        assertEquals(1, portal.driver().findElements(By.cssSelector("#call-log li")).size());
        sip.awaitNoCalls();

        // Roos's side: the call she made and gave up on is hers, outgoing and not missed; the call back
        // Quinten hung up while her phone rang is her missed call.
        server.deskline().portalServices().callLog().flush();
        portal.signInFresh(colleagueExt, "password-" + colleagueExt);
        portal.click(By.cssSelector(".main-nav a[href='#/calls']"));
        By placed = By.cssSelector("#call-log li[data-call-id='" + missed + "']");
        By calledBack = By.cssSelector("#call-log li[data-call-id='" + callBack + "']");
        portal.text(placed, "Quinten de Wit (" + ext + ")");
        assertEquals("false", portal.visible(placed).getAttribute("data-missed"));
        assertFalse(portal.visible(placed).getText().contains("Missed"), portal.visible(placed).getText());
        assertEquals("Outgoing call", kind(placed));
        portal.text(placed, "Cancelled");
        assertFalse(portal.visible(placed).getText().contains("Caller hung up"), portal.visible(placed).getText());
        portal.text(calledBack, "Missed");
        assertEquals("true", portal.visible(calledBack).getAttribute("data-missed"));
        portal.click(By.cssSelector("label[for=filter-missed]"));
        var roosMissed = portal.driver().findElements(By.cssSelector("#call-log li"));
        assertEquals(1, roosMissed.size());
        assertEquals(callBack, roosMissed.get(0).getAttribute("data-call-id"));
    }

    /** What the entry's icon tells a screen reader: "Missed call", "Incoming call" or "Outgoing call". */
    private static String kind(By entry) {
        return portal.visible(entry).findElement(By.cssSelector(".log-icon [role=img]")).getAttribute("aria-label");
    }
}
