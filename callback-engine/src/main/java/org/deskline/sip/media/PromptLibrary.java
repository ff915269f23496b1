package org.deskline.sip.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deskline.core.directory.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link Prompt} in every {@link Language}, loaded once into memory (about 0.6 MB). A prompt
 * not recorded in a language falls back to its English recording, which must exist: a missing
 * English prompt fails {@link #fromClasspath()}, so a broken jar stops the server at start-up
 * rather than during a call. Immutable and thread-safe after construction.
 */
public final class PromptLibrary {
    private static final Logger log = LoggerFactory.getLogger(PromptLibrary.class);

    /** Pause between the digits read out by {@link #digits}, so "2 1 0" is not heard as one word. */
    static final Duration DIGIT_GAP = Duration.ofMillis(120);

    private final Map<Language, Map<Prompt, Clip>> clips;
    private final Map<Language, Map<Prompt, Boolean>> recorded;
    private final Clip digitGap = Clip.silence(DIGIT_GAP);

    private PromptLibrary(Map<Language, Map<Prompt, Clip>> clips, Map<Language, Map<Prompt, Boolean>> recorded) {
        this.clips = clips;
        this.recorded = recorded;
    }

    /**
     * Loads {@code /prompts/<code>/<id>.ul} for every language and prompt.
     *
     * @throws IllegalStateException if an English prompt is missing, or any prompt file is empty
     * @throws UncheckedIOException if a resource cannot be read
     */
    public static PromptLibrary fromClasspath() {
        Map<Prompt, Clip> english = new EnumMap<>(Prompt.class);
        for (Prompt p : Prompt.values()) {
            Clip clip = load(Language.EN, p);
            if (clip == null) {
                throw new IllegalStateException("English prompt missing from the jar: " + resource(Language.EN, p));
            }
            english.put(p, clip);
        }
        Map<Language, Map<Prompt, Clip>> clips = new EnumMap<>(Language.class);
        Map<Language, Map<Prompt, Boolean>> recorded = new EnumMap<>(Language.class);
        for (Language lang : Language.values()) {
            Map<Prompt, Clip> byPrompt = new EnumMap<>(Prompt.class);
            Map<Prompt, Boolean> own = new EnumMap<>(Prompt.class);
            for (Prompt p : Prompt.values()) {
                Clip clip = lang == Language.EN ? english.get(p) : load(lang, p);
                own.put(p, clip != null);
                if (clip == null) {
                    log.warn("prompt {} not recorded in {}; English is used", p.id(), lang.code());
                    clip = english.get(p);
                }
                byPrompt.put(p, clip);
            }
            clips.put(lang, Collections.unmodifiableMap(byPrompt));
            recorded.put(lang, Collections.unmodifiableMap(own));
        }
        return new PromptLibrary(Collections.unmodifiableMap(clips), Collections.unmodifiableMap(recorded));
    }

    /** The prompt in {@code language} (English when {@code language} is null or lacks it). */
    public Clip clip(Language language, Prompt prompt) {
        return clips.get(language == null ? Language.EN : language).get(prompt);
    }

    /** Whether {@code prompt} has its own recording in {@code language} rather than the English fallback. */
    public boolean isRecorded(Language language, Prompt prompt) {
        return recorded.get(language).get(prompt);
    }

    /**
     * The clips that read {@code number} out digit by digit, with a short pause between digits,
     * ready for {@link MediaSession#play(List)}.
     *
     * @throws IllegalArgumentException if {@code number} is empty or holds anything but 0-9
     */
    public List<Clip> digits(Language language, String number) {
        if (number.isEmpty()) {
            throw new IllegalArgumentException("no digits to read out");
        }
        List<Clip> out = new ArrayList<>(number.length() * 2 - 1);
        for (int i = 0; i < number.length(); i++) {
            if (i > 0) {
                out.add(digitGap);
            }
            out.add(clip(language, Prompt.digit(number.charAt(i))));
        }
        return List.copyOf(out);
    }

    static String resource(Language language, Prompt prompt) {
        return "/prompts/" + language.code() + "/" + prompt.id() + ".ul";
    }

    private static Clip load(Language language, Prompt prompt) {
        String path = resource(language, prompt);
        try (InputStream in = PromptLibrary.class.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            byte[] samples = in.readAllBytes();
            if (samples.length == 0) {
                throw new IllegalStateException("empty prompt " + path);
            }
            return Clip.adopt(language.code() + "/" + prompt.id(), samples);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + path, e);
        }
    }
}
