package org.deskline.sip.featurecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Language;
import org.deskline.core.directory.RoutingMode;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.sip.featurecode.HotdeskIvr.State;
import org.deskline.sip.media.Clip;
import org.deskline.sip.media.PromptLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The IVR's state machine against a fake port: what it plays, asks the worker and when it hangs up. */
class HotdeskIvrTest {
    private static final PromptLibrary PROMPTS = PromptLibrary.fromClasspath();
    private static final FeatureCodeConfig CONFIG = new FeatureCodeConfig(Duration.ofSeconds(5), Duration.ofMinutes(2),
            3, 1, Language.EN);
    private static final String PIN = "86420";

    private final FakePort port = new FakePort();
    private ListAppender<ILoggingEvent> logs;
    private Logger logger;

    @BeforeEach
    void captureLogs() {
        logger = (Logger) LoggerFactory.getLogger("org.deskline.sip.featurecode");
        logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void pinNeverLogged() {
        logger.detachAppender(logs);
        logger.setLevel(null);
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains(PIN), "a PIN in the log: " + e.getFormattedMessage());
        }
    }

    private static User user(String extension, Language language, boolean hotdesk) {
        return new User(new UserId(Long.parseLong(extension)), extension, "User " + extension, null, false, hotdesk, true,
                false, null, RoutingMode.DESK, false, false, false, DialPermission.INTERNAL, language);
    }

    private HotdeskIvr ivr(HotdeskCode code, boolean allowed, User onPhone) {
        return new HotdeskIvr("test", port, PROMPTS, CONFIG, code, allowed, onPhone);
    }

    private static void keys(HotdeskIvr ivr, String keys) {
        for (char k : keys.toCharArray()) {
            ivr.key(k);
        }
    }

    @Test
    void starThirtyFiveOnAnEmptyPhoneAsksExtensionThenPinAndConfirmsTheLoginInTheUsersLanguage() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, null);
        assertEquals(State.ANSWERING, ivr.state());
        ivr.key('1');
        assertEquals(State.ANSWERING, ivr.state(), "keys before the ACK are ignored");

        ivr.confirmed();
        assertEquals(State.PROMPTING, ivr.state());
        assertEquals(List.of("en/enter-extension"), port.lastPlay());
        port.finishPlay();
        assertEquals(State.COLLECTING, ivr.state());
        assertEquals(1, port.liveTimers(CONFIG.digitTimeout()));

        keys(ivr, "2001#");
        assertEquals(State.PROMPTING, ivr.state());
        assertEquals(List.of("en/enter-pin"), port.lastPlay());
        keys(ivr, PIN.substring(0, 1));
        assertEquals(State.COLLECTING, ivr.state(), "a key during the prompt barges in");
        assertEquals(1, port.stops);
        keys(ivr, PIN.substring(1) + "#");
        assertEquals(State.CHECKING, ivr.state());
        assertEquals(List.of("login 2001 " + PIN), port.work);
        assertEquals(0, port.liveTimers(CONFIG.digitTimeout()));

        ivr.key('5');
        assertEquals(State.CHECKING, ivr.state(), "keys while checking are ignored");
        port.complete(new HotdeskOutcome.LoggedIn(user("2001", Language.NL, true)));
        assertEquals(State.CONFIRMING, ivr.state());
        assertEquals(List.of("nl/logged-in-as", "silence-150ms", "nl/digit-2", "silence-120ms", "nl/digit-0",
                "silence-120ms", "nl/digit-0", "silence-120ms", "nl/digit-1"), port.lastPlay());
        port.finishPlay();
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("nl/goodbye", "silence-400ms"), port.lastPlay());
        assertFalse(port.hungUp);
        port.finishPlay();
        assertEquals(State.ENDED, ivr.state());
        assertTrue(port.hungUp);
        assertEquals(0, port.liveTimers(CONFIG.callLimit()), "the call limit is cancelled");
    }

    @Test
    void starThirtyFiveOnAPhoneWithAUserLogsThatUserOutWithoutAPin() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, user("2002", null, true));
        ivr.confirmed();
        assertEquals(State.CHECKING, ivr.state());
        assertEquals(List.of("logout"), port.work);
        port.complete(new HotdeskOutcome.LoggedOut(user("2002", null, true)));
        assertEquals(List.of("en/logged-out"), port.lastPlay());
        port.finishPlay();
        port.finishPlay();
        assertTrue(port.hungUp);
    }

    @Test
    void starThirtyFiveExtLogsOutWhenThatUserIsHereAndOtherwiseAsksForThePin() {
        HotdeskIvr here = ivr(new HotdeskCode.ForExtension("2003"), true, user("2003", null, true));
        here.confirmed();
        assertEquals(List.of("logout"), port.work);

        FakePort other = new FakePort();
        HotdeskIvr switching = new HotdeskIvr("test", other, PROMPTS, CONFIG, new HotdeskCode.ForExtension("2003"), true,
                user("2004", Language.NL, true));
        switching.confirmed();
        assertEquals(State.PROMPTING, switching.state());
        assertEquals(List.of("nl/enter-pin"), other.lastPlay(), "asked in the language of the phone's user");
        other.finishPlay();
        keys(switching, PIN + "#");
        assertEquals(List.of("login 2003 " + PIN), other.work);
    }

    @Test
    void starThirtyFiveExtPinLogsInAtOnceOrLogsOutWhenThatUserIsHere() {
        HotdeskIvr login = ivr(new HotdeskCode.WithPin("2005", PIN), true, null);
        login.confirmed();
        assertEquals(State.CHECKING, login.state());
        assertEquals(List.of("login 2005 " + PIN), port.work);
        assertTrue(port.plays.isEmpty(), "no prompt before the check");

        FakePort other = new FakePort();
        HotdeskIvr logout = new HotdeskIvr("test", other, PROMPTS, CONFIG, new HotdeskCode.WithPin("2005", PIN), true,
                user("2005", null, true));
        logout.confirmed();
        assertEquals(List.of("logout"), other.work);
    }

    @Test
    void aPhoneWithoutHotDeskingHearsNotAllowedAndGoodbye() {
        HotdeskIvr ivr = ivr(new HotdeskCode.WithPin("2006", PIN), false, null);
        ivr.confirmed();
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("en/not-allowed", "silence-300ms", "en/goodbye", "silence-400ms"), port.lastPlay());
        assertTrue(port.work.isEmpty());
        port.finishPlay();
        assertTrue(port.hungUp);
    }

    @Test
    void aUserWithoutPermissionMayNotLogOutByCode() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, user("2007", Language.NL, false));
        ivr.confirmed();
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("nl/not-allowed", "silence-300ms", "nl/goodbye", "silence-400ms"), port.lastPlay());
        assertTrue(port.work.isEmpty());
    }

    @Test
    void wrongPinsAreRetriedUpToThreeTimesThenGoodbye() {
        HotdeskIvr ivr = ivr(new HotdeskCode.WithPin("2008", "0000"), true, null);
        ivr.confirmed();
        port.complete(new HotdeskOutcome.WrongPin());
        assertEquals(State.PROMPTING, ivr.state());
        assertEquals(List.of("en/wrong-pin", "silence-300ms", "en/enter-pin"), port.lastPlay());
        keys(ivr, "1111#");
        assertEquals("login 2008 1111", port.work.get(1));
        port.complete(new HotdeskOutcome.WrongPin());
        assertEquals(List.of("en/wrong-pin", "silence-300ms", "en/enter-pin"), port.lastPlay());
        keys(ivr, "2222#");
        port.complete(new HotdeskOutcome.WrongPin());
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("en/wrong-pin", "silence-300ms", "en/goodbye", "silence-400ms"), port.lastPlay());
        assertEquals(3, port.work.size());
        port.finishPlay();
        assertTrue(port.hungUp);
    }

    @Test
    void afterAWrongPinStarThirtyFiveAsksForTheExtensionAgain() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, null);
        ivr.confirmed();
        keys(ivr, "2009#1234#");
        port.complete(new HotdeskOutcome.WrongPin());
        assertEquals(List.of("en/wrong-pin", "silence-300ms", "en/enter-extension"), port.lastPlay());
    }

    @Test
    void anEmptyEntryUsesATry() {
        HotdeskIvr ivr = ivr(new HotdeskCode.ForExtension("2010"), true, null);
        ivr.confirmed();
        keys(ivr, "#");
        assertEquals(State.PROMPTING, ivr.state());
        assertEquals(List.of("en/enter-pin"), port.lastPlay());
        keys(ivr, "#");
        keys(ivr, "#");
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("en/goodbye", "silence-400ms"), port.lastPlay());
        assertTrue(port.work.isEmpty());
    }

    @Test
    void lockedAndNotAllowedEndWithNotAllowed() {
        HotdeskIvr locked = ivr(new HotdeskCode.WithPin("2011", PIN), true, null);
        locked.confirmed();
        port.complete(new HotdeskOutcome.Locked());
        assertEquals(List.of("en/not-allowed", "silence-300ms", "en/goodbye", "silence-400ms"), port.lastPlay());

        FakePort other = new FakePort();
        HotdeskIvr refused = new HotdeskIvr("test", other, PROMPTS, CONFIG, new HotdeskCode.WithPin("2012", PIN), true,
                null);
        refused.confirmed();
        other.complete(new HotdeskOutcome.NotAllowed(user("2012", Language.NL, false)));
        assertEquals(List.of("nl/not-allowed", "silence-300ms", "nl/goodbye", "silence-400ms"), other.lastPlay());
    }

    @Test
    void noKeyWithinTheDigitTimeoutEndsPolitelyAndAStaleTimerIsIgnored() {
        HotdeskIvr ivr = ivr(new HotdeskCode.ForExtension("2013"), true, null);
        ivr.confirmed();
        port.finishPlay();
        FakePort.Scheduled first = port.lastTimer(CONFIG.digitTimeout());
        ivr.key('1');
        assertTrue(first.cancelled);
        first.task.run();
        assertEquals(State.COLLECTING, ivr.state(), "the timer before the last key no longer counts");
        port.lastTimer(CONFIG.digitTimeout()).task.run();
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("en/goodbye", "silence-400ms"), port.lastPlay());
        assertTrue(port.work.isEmpty());
    }

    @Test
    void theCallLimitEndsADialogueAndGivesAConfirmationTimeToFinish() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, null);
        ivr.confirmed();
        port.lastTimer(CONFIG.callLimit()).task.run();
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(1, port.stops, "the prompt is cut for the goodbye");

        FakePort other = new FakePort();
        HotdeskIvr confirming = new HotdeskIvr("test", other, PROMPTS, CONFIG, new HotdeskCode.WithPin("2014", PIN), true,
                null);
        confirming.confirmed();
        other.complete(new HotdeskOutcome.LoggedIn(user("2014", null, true)));
        other.lastTimer(CONFIG.callLimit()).task.run();
        assertEquals(State.CONFIRMING, confirming.state(), "the confirmation may finish");
        other.lastTimer(HotdeskIvr.CLOSING_GRACE).task.run();
        assertEquals(State.ENDED, confirming.state(), "but not hold the call for ever");
        assertTrue(other.hungUp);
    }

    @Test
    void aCallerWhoHangsUpWhileCheckingIsNotSpokenTo() {
        HotdeskIvr ivr = ivr(new HotdeskCode.WithPin("2015", PIN), true, null);
        ivr.confirmed();
        ivr.hangup();
        assertEquals(State.ENDED, ivr.state());
        port.complete(new HotdeskOutcome.LoggedIn(user("2015", null, true)));
        assertEquals(State.ENDED, ivr.state());
        assertTrue(port.plays.isEmpty());
        assertFalse(port.hungUp, "the caller ended the call; no BYE from us");
        assertEquals(0, port.liveTimers(CONFIG.callLimit()));
    }

    @Test
    void aPromptThatFinishesAfterABargeInIsIgnored() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, null);
        ivr.confirmed();
        Runnable late = port.plays.get(0).finished;
        keys(ivr, "20");
        late.run();
        assertEquals(State.COLLECTING, ivr.state());
        keys(ivr, "16#");
        assertEquals(State.PROMPTING, ivr.state());
        late.run();
        assertEquals(State.PROMPTING, ivr.state(), "only the PIN prompt's own completion moves on");
    }

    @Test
    void failuresEndWithGoodbye() {
        HotdeskIvr ivr = ivr(new HotdeskCode.WithPin("2017", PIN), true, null);
        ivr.confirmed();
        port.complete(new HotdeskOutcome.Failed("database down"));
        assertEquals(State.GOODBYE, ivr.state());
        assertEquals(List.of("en/goodbye", "silence-400ms"), port.lastPlay());
    }

    @Test
    void codesAreParsedInTheirThreeFormsAndPrintedWithoutThePin() {
        assertEquals(new HotdeskCode.Toggle(), HotdeskCode.parse("*35").orElseThrow());
        assertEquals(new HotdeskCode.Toggle(), HotdeskCode.parse("*35#").orElseThrow());
        assertEquals(new HotdeskCode.ForExtension("101"), HotdeskCode.parse("*35*101").orElseThrow());
        HotdeskCode withPin = HotdeskCode.parse("*35*101*" + PIN).orElseThrow();
        assertEquals(new HotdeskCode.WithPin("101", PIN), withPin);
        assertEquals("*35*101*<PIN>", withPin.toString());
        for (String other : new String[] {"*36", "*35*", "*35**1234", "*35*101*", "*35*1a", "*351", "*35*1*2*3", null}) {
            assertTrue(HotdeskCode.parse(other).isEmpty(), String.valueOf(other));
        }
    }

    @Test
    void aHangupWhileCollectingCancelsEveryTimer() {
        HotdeskIvr ivr = ivr(new HotdeskCode.Toggle(), true, null);
        ivr.confirmed();
        port.finishPlay();
        ivr.key('2');
        ivr.hangup();
        assertEquals(State.ENDED, ivr.state());
        assertEquals(0, port.liveTimers(CONFIG.digitTimeout()) + port.liveTimers(CONFIG.callLimit()));
    }

    /** Records what the IVR asks for; the test runs the callbacks, as the call's executor would. */
    private static final class FakePort implements HotdeskIvr.Port {
        record Play(List<String> clips, Runnable finished) {
        }

        static final class Scheduled implements HotdeskIvr.Timer {
            final Duration delay;
            final Runnable task;
            boolean cancelled;

            Scheduled(Duration delay, Runnable task) {
                this.delay = delay;
                this.task = task;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        }

        final List<Play> plays = new ArrayList<>();
        final List<Scheduled> timers = new ArrayList<>();
        final List<String> work = new ArrayList<>();
        Consumer<HotdeskOutcome> pending;
        int stops;
        boolean hungUp;

        @Override
        public void play(List<Clip> clips, Runnable finished) {
            plays.add(new Play(clips.stream().map(Clip::name).collect(Collectors.toList()), finished));
        }

        @Override
        public void stopPlayback() {
            stops++;
        }

        @Override
        public HotdeskIvr.Timer schedule(Duration delay, Runnable task) {
            Scheduled s = new Scheduled(delay, task);
            timers.add(s);
            return s;
        }

        @Override
        public void login(String extension, String pin, Consumer<HotdeskOutcome> result) {
            work.add("login " + extension + " " + pin);
            pending = result;
        }

        @Override
        public void logout(Consumer<HotdeskOutcome> result) {
            work.add("logout");
            pending = result;
        }

        @Override
        public void hangup() {
            hungUp = true;
        }

        List<String> lastPlay() {
            assertFalse(plays.isEmpty(), "nothing played");
            return plays.get(plays.size() - 1).clips();
        }

        void finishPlay() {
            plays.get(plays.size() - 1).finished().run();
        }

        void complete(HotdeskOutcome outcome) {
            Consumer<HotdeskOutcome> p = pending;
            pending = null;
            p.accept(outcome);
        }

        long liveTimers(Duration delay) {
            return timers.stream().filter(t -> t.delay.equals(delay) && !t.cancelled).count();
        }

        Scheduled lastTimer(Duration delay) {
            Scheduled last = null;
            for (Scheduled t : timers) {
                if (t.delay.equals(delay)) {
                    last = t;
                }
            }
            assertTrue(last != null, "no timer of " + delay);
            return last;
        }
    }
}
