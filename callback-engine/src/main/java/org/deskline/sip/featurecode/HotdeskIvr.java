package org.deskline.sip.featurecode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deskline.core.directory.Language;
import org.deskline.core.directory.User;
import org.deskline.sip.media.Clip;
import org.deskline.sip.media.Prompt;
import org.deskline.sip.media.PromptLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice dialogue of one {@code *35} call, as a state machine with one method per event. It
 * decides what to say and what to do; the {@link Port} plays, times, checks and hangs up.
 *
 * <pre>
 *  ANSWERING  --confirmed------------------> first step (below)
 *  PROMPTING  --prompt finished------------> COLLECTING   digit timer starts
 *  PROMPTING  --key------------------------> COLLECTING   barge-in: the prompt stops, the key counts
 *  COLLECTING --digit----------------------> COLLECTING   digit timer restarts
 *  COLLECTING --# after the extension------> PROMPTING    "enter your PIN"
 *  COLLECTING --# after the PIN------------> CHECKING     worker: PIN check, then login
 *  COLLECTING --# on an empty entry--------> PROMPTING    the same prompt again (a try used), or GOODBYE
 *  COLLECTING --digit timeout--------------> GOODBYE
 *  CHECKING   --logged in, logged out------> CONFIRMING   "logged in as 2 0 0 1" / "logged out"
 *  CHECKING   --wrong PIN------------------> PROMPTING    "wrong PIN, enter ...", or GOODBYE after the last try
 *  CHECKING   --locked, not allowed, failed> GOODBYE      "not allowed" (nothing for failed)
 *  CONFIRMING --prompt finished------------> GOODBYE
 *  GOODBYE    --prompt finished------------> ENDED        BYE
 *  ANSWERING..CHECKING --call limit--------> GOODBYE
 *  CONFIRMING, GOODBYE --call limit + 15 s-> ENDED        BYE (the closing words had their time)
 *  any        --hangup---------------------> ENDED
 *
 *  first step                                       phone carries that user   otherwise
 *  phone without hot desking                        GOODBYE "not allowed"     GOODBYE "not allowed"
 *  *35                                              CHECKING (logout)         PROMPTING "enter your extension"
 *  *35*ext                                          CHECKING (logout)         PROMPTING "enter your PIN"
 *  *35*ext*PIN                                      CHECKING (logout)         CHECKING (login)
 *  (for *35, "that user" is whoever the phone carries; a logout by a user without hot-desk
 *  permission is GOODBYE "not allowed")
 * </pre>
 *
 * <p>An event a state does not take (a key while checking, a late prompt completion, a worker
 * result after the caller hung up) is ignored and logged at debug level; every transition is
 * logged once as {@code from -> event -> to}. Keys and PINs are never logged, only how many digits
 * an entry had.
 *
 * <p>Language: before the caller is known, the phone's current user's language, else the system
 * default (so a Dutch "enter your PIN" never tells that an extension exists); confirmations and
 * the goodbye after them in the language of the user concerned.
 *
 * <p>Threading: confined to the call's executor; every {@link Port} callback must arrive there.
 */
final class HotdeskIvr {
    private static final Logger log = LoggerFactory.getLogger(HotdeskIvr.class);
    /** Digits kept of one entry; more are ignored (extensions have 8 at most, PINs 8). */
    static final int MAX_ENTRY = 16;
    private static final Clip PAUSE = Clip.silence(Duration.ofMillis(300));
    private static final Clip SHORT_PAUSE = Clip.silence(Duration.ofMillis(150));
    /** After goodbye: lets the phone's jitter buffer play the last words before the BYE. */
    private static final Clip TAIL = Clip.silence(Duration.ofMillis(400));
    /** Longer than any confirmation plus goodbye (about 6 s). */
    static final Duration CLOSING_GRACE = Duration.ofSeconds(15);

    enum State { ANSWERING, PROMPTING, COLLECTING, CHECKING, CONFIRMING, GOODBYE, ENDED }

    /** What is being typed. */
    enum Field { EXTENSION, PIN }

    /** The IVR's hands. Every callback runs on the call's executor, never inside the call that started it. */
    interface Port {
        /** Queues {@code clips}; runs {@code finished} once they have been sent, never if playback is stopped. */
        void play(List<Clip> clips, Runnable finished);

        /** Stops playback at once and drops what is queued. */
        void stopPlayback();

        /** Runs {@code task} after {@code delay} unless cancelled first. */
        Timer schedule(Duration delay, Runnable task);

        /** Checks the PIN and logs the user in on the phone (blocking work, on a worker). */
        void login(String extension, String pin, Consumer<HotdeskOutcome> result);

        /** Logs out whoever is on the phone (on a worker). */
        void logout(Consumer<HotdeskOutcome> result);

        /** Ends the call (BYE) and releases its media. */
        void hangup();
    }

    interface Timer {
        void cancel();
    }

    private final String label;
    private final Port port;
    private final PromptLibrary prompts;
    private final FeatureCodeConfig config;
    private final HotdeskCode code;
    private final boolean phoneAllowsHotdesk;
    private final User onPhone;
    private final Language phoneLanguage;

    private State state = State.ANSWERING;
    private Field field;
    private final StringBuilder entry = new StringBuilder(MAX_ENTRY);
    private String extension;
    private int wrongEntries;
    private int prompt;
    private int digitTimerId;
    private Timer digitTimer;
    private Timer limitTimer;
    private boolean overrun;
    private Language confirmedLanguage;
    /** What the call came to, for the one log line at its end; null while undecided. */
    private String result;

    /**
     * @param phoneAllowsHotdesk the phone's hot-desk switch, as the call started
     * @param onPhone the user the phone carries as the call started, or null
     */
    HotdeskIvr(String label, Port port, PromptLibrary prompts, FeatureCodeConfig config, HotdeskCode code,
            boolean phoneAllowsHotdesk, User onPhone) {
        this.label = label;
        this.port = port;
        this.prompts = prompts;
        this.config = config;
        this.code = code;
        this.phoneAllowsHotdesk = phoneAllowsHotdesk;
        this.onPhone = onPhone;
        this.phoneLanguage = onPhone == null ? config.defaultLanguage() : onPhone.languageOr(config.defaultLanguage());
    }

    State state() {
        return state;
    }

    // ---- events

    /** The caller's ACK arrived: the dialogue starts, and so does the call limit. */
    void confirmed() {
        if (state != State.ANSWERING) {
            ignored("confirmed");
            return;
        }
        limitTimer = port.schedule(config.callLimit(), this::callLimit);
        if (!phoneAllowsHotdesk) {
            goodbye("confirmed (hot desking off on this phone)", List.of(Prompt.NOT_ALLOWED), phoneLanguage,
                    "not allowed: hot desking is off on this phone");
            return;
        }
        if (code instanceof HotdeskCode.Toggle) {
            if (onPhone != null) {
                logout("confirmed (*35, phone carries a user)");
            } else {
                ask(Field.EXTENSION, "confirmed (*35, phone carries nobody)", List.of());
            }
        } else if (code instanceof HotdeskCode.ForExtension c) {
            if (carries(c.extension())) {
                logout("confirmed (*35*ext, that user is here)");
            } else {
                extension = c.extension();
                ask(Field.PIN, "confirmed (*35*ext)", List.of());
            }
        } else if (code instanceof HotdeskCode.WithPin c) {
            if (carries(c.extension())) {
                logout("confirmed (*35*ext*PIN, that user is here)");
            } else {
                extension = c.extension();
                check("confirmed (*35*ext*PIN)", c.pin());
            }
        }
    }

    /** A key from the caller (RFC 4733 or SIP INFO). */
    void key(char key) {
        switch (state) {
            case PROMPTING -> {
                port.stopPlayback();
                prompt++;
                move(State.COLLECTING, "key (barge-in)");
                collect(key);
            }
            case COLLECTING -> collect(key);
            default -> ignored("key");
        }
    }

    /** The prompt played by {@link Port#play} with this id has been sent in full. */
    void promptFinished(int id) {
        if (id != prompt) {
            ignored("prompt finished (stale)");
            return;
        }
        switch (state) {
            case PROMPTING -> {
                move(State.COLLECTING, "prompt finished");
                restartDigitTimer();
            }
            case CONFIRMING -> {
                move(State.GOODBYE, "prompt finished");
                play(List.of(prompts.clip(confirmedLanguage, Prompt.GOODBYE), TAIL));
            }
            case GOODBYE -> end("prompt finished", true);
            default -> ignored("prompt finished");
        }
    }

    /** The digit timer with this id went off. */
    void digitTimeout(int id) {
        if (state != State.COLLECTING || id != digitTimerId) {
            ignored("digit timeout");
            return;
        }
        goodbye("digit timeout", List.of(), phoneLanguage, "no key within " + config.digitTimeout().toSeconds() + " s");
    }

    /**
     * The call has lasted {@link FeatureCodeConfig#callLimit()}: the dialogue ends with goodbye. A
     * confirmation or goodbye already playing is given {@link #CLOSING_GRACE} to finish; then the
     * call is hung up whatever happens (a prompt that never reports its end cannot hold a call).
     */
    void callLimit() {
        switch (state) {
            case ANSWERING, PROMPTING, COLLECTING, CHECKING -> goodbye("call limit", List.of(), phoneLanguage,
                    "call limit of " + config.callLimit().toSeconds() + " s reached");
            case CONFIRMING, GOODBYE -> {
                if (overrun) {
                    end("call limit overrun", true);
                } else {
                    overrun = true;
                    limitTimer = port.schedule(CLOSING_GRACE, this::callLimit);
                    ignored("call limit (closing)");
                }
            }
            default -> ignored("call limit");
        }
    }

    /** The worker's answer to {@link Port#login} or {@link Port#logout}. */
    void checked(HotdeskOutcome outcome) {
        if (state != State.CHECKING) {
            ignored("checked");
            return;
        }
        if (outcome instanceof HotdeskOutcome.LoggedIn in) {
            confirm("logged in", in.user(), loggedInAs(in.user()), "logged in as " + in.user().extension());
        } else if (outcome instanceof HotdeskOutcome.LoggedOut out) {
            confirm("logged out", out.user(), List.of(prompts.clip(languageOf(out.user()), Prompt.LOGGED_OUT)),
                    "logged out " + out.user().extension());
        } else if (outcome instanceof HotdeskOutcome.WrongPin) {
            wrongEntry("wrong PIN", true);
        } else if (outcome instanceof HotdeskOutcome.Locked) {
            goodbye("locked", List.of(Prompt.NOT_ALLOWED), phoneLanguage, "not allowed: locked after too many wrong PINs");
        } else if (outcome instanceof HotdeskOutcome.NotAllowed n) {
            goodbye("not allowed", List.of(Prompt.NOT_ALLOWED), n.user() == null ? phoneLanguage : languageOf(n.user()),
                    "not allowed" + (n.user() == null ? "" : ": " + n.user().extension() + " may not hot-desk here"));
        } else if (outcome instanceof HotdeskOutcome.Failed f) {
            goodbye("failed", List.of(), phoneLanguage, "failed: " + f.why());
        }
    }

    /** The caller hung up, or the call ended otherwise. */
    void hangup() {
        if (state == State.ENDED) {
            return;
        }
        end("hangup", false);
    }

    // ---- steps

    private void ask(Field what, String event, List<Prompt> before) {
        field = what;
        entry.setLength(0);
        cancelDigitTimer();
        move(State.PROMPTING, event);
        List<Clip> clips = new ArrayList<>();
        for (Prompt p : before) {
            clips.add(prompts.clip(phoneLanguage, p));
            clips.add(PAUSE);
        }
        clips.add(prompts.clip(phoneLanguage, what == Field.EXTENSION ? Prompt.ENTER_EXTENSION : Prompt.ENTER_PIN));
        play(clips);
    }

    private void collect(char key) {
        if (key >= '0' && key <= '9') {
            if (entry.length() < MAX_ENTRY) {
                entry.append(key);
            }
            restartDigitTimer();
        } else if (key == '#') {
            entryDone();
        } else {
            restartDigitTimer();
        }
    }

    private void entryDone() {
        cancelDigitTimer();
        String typed = entry.toString();
        entry.setLength(0);
        String event = "# (" + (field == Field.PIN ? "PIN" : "extension") + " entered, " + typed.length() + " digits)";
        if (typed.isEmpty()) {
            wrongEntry(event, false);
        } else if (field == Field.EXTENSION) {
            extension = typed;
            ask(Field.PIN, event, List.of());
        } else {
            check(event, typed);
        }
    }

    private void check(String event, String pin) {
        move(State.CHECKING, event);
        port.login(extension, pin, this::checked);
    }

    private void logout(String event) {
        if (!onPhone.hotdeskAllowed()) {
            goodbye(event, List.of(Prompt.NOT_ALLOWED), languageOf(onPhone),
                    "not allowed: " + onPhone.extension() + " may not hot-desk");
            return;
        }
        move(State.CHECKING, event);
        port.logout(this::checked);
    }

    private void wrongEntry(String event, boolean wrongPin) {
        wrongEntries++;
        if (wrongEntries >= config.maxTries()) {
            goodbye(event, wrongPin ? List.of(Prompt.WRONG_PIN) : List.of(), phoneLanguage,
                    wrongEntries + " wrong entries");
            return;
        }
        Field again = code instanceof HotdeskCode.Toggle && wrongPin ? Field.EXTENSION : field == null ? Field.PIN : field;
        ask(again, event, wrongPin ? List.of(Prompt.WRONG_PIN) : List.of());
        log.info("{} {}: wrong entry {} of {}", label, code, wrongEntries, config.maxTries());
    }

    private void confirm(String event, User user, List<Clip> clips, String outcome) {
        result = outcome;
        confirmedLanguage = languageOf(user);
        move(State.CONFIRMING, event);
        play(clips);
    }

    private List<Clip> loggedInAs(User user) {
        Language lang = languageOf(user);
        List<Clip> clips = new ArrayList<>();
        clips.add(prompts.clip(lang, Prompt.LOGGED_IN_AS));
        String digits = user.extension().replaceAll("[^0-9]", "");
        if (!digits.isEmpty()) {
            clips.add(SHORT_PAUSE);
            clips.addAll(prompts.digits(lang, digits));
        }
        return clips;
    }

    private void goodbye(String event, List<Prompt> before, Language lang, String outcome) {
        result = outcome;
        cancelDigitTimer();
        if (state == State.PROMPTING || state == State.COLLECTING) {
            port.stopPlayback();
        }
        move(State.GOODBYE, event);
        List<Clip> clips = new ArrayList<>();
        for (Prompt p : before) {
            clips.add(prompts.clip(lang, p));
            clips.add(PAUSE);
        }
        clips.add(prompts.clip(lang, Prompt.GOODBYE));
        clips.add(TAIL);
        play(clips);
    }

    private void end(String event, boolean weHangUp) {
        cancelDigitTimer();
        if (limitTimer != null) {
            limitTimer.cancel();
            limitTimer = null;
        }
        prompt++;
        move(State.ENDED, event);
        log.info("{} {}: {}", label, code, weHangUp ? result
                : result == null ? "caller hung up" : "caller hung up after: " + result);
        if (weHangUp) {
            port.hangup();
        }
    }

    // ---- helpers

    private void play(List<Clip> clips) {
        int id = ++prompt;
        port.play(List.copyOf(clips), () -> promptFinished(id));
    }

    private void restartDigitTimer() {
        cancelDigitTimer();
        int id = ++digitTimerId;
        digitTimer = port.schedule(config.digitTimeout(), () -> digitTimeout(id));
    }

    private void cancelDigitTimer() {
        if (digitTimer != null) {
            digitTimer.cancel();
            digitTimer = null;
        }
        digitTimerId++;
    }

    private boolean carries(String ext) {
        return onPhone != null && onPhone.extension().equals(ext);
    }

    private Language languageOf(User user) {
        return user.languageOr(config.defaultLanguage());
    }

    private void move(State to, String event) {
        if (log.isDebugEnabled()) {
            log.debug("{} {} -> {} -> {}", label, state, event, to);
        }
        state = to;
    }

    private void ignored(String event) {
        log.debug("{} {} ignored in {}", label, event, state);
    }
}
