package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.deskline.core.directory.Language;
import org.junit.jupiter.api.Test;

class PromptLibraryTest {
    private static final PromptLibrary LIBRARY = PromptLibrary.fromClasspath();

    private static double rms(Clip clip) {
        double sum = 0;
        for (byte b : clip.toMuLaw()) {
            double v = G711.muToLinear(b);
            sum += v * v;
        }
        return Math.sqrt(sum / clip.sampleCount());
    }

    @Test
    void everyPromptIsRecordedInEveryLanguageAudiblyAndOfPlausibleLength() {
        for (Language lang : Language.values()) {
            for (Prompt p : Prompt.values()) {
                String what = lang + "/" + p.id();
                assertNotNull(PromptLibrary.class.getResource(PromptLibrary.resource(lang, p)), what);
                assertTrue(LIBRARY.isRecorded(lang, p), what);
                Clip clip = LIBRARY.clip(lang, p);
                double seconds = clip.sampleCount() / 8000.0;
                boolean digit = p.id().startsWith("digit-");
                assertTrue(seconds >= (digit ? 0.15 : 0.5) && seconds <= (digit ? 1.0 : 5.0), what + ": " + seconds + " s");
                double rms = rms(clip);
                assertTrue(rms > 1000, what + " is too quiet: RMS " + rms);
            }
        }
    }

    @Test
    void languagesHaveTheirOwnRecordings() {
        assertTrue(!java.util.Arrays.equals(LIBRARY.clip(Language.EN, Prompt.GOODBYE).toMuLaw(),
                LIBRARY.clip(Language.NL, Prompt.GOODBYE).toMuLaw()));
        assertSame(LIBRARY.clip(Language.EN, Prompt.GOODBYE), LIBRARY.clip(null, Prompt.GOODBYE));
    }

    @Test
    void readsANumberOutDigitByDigitWithPauses() {
        List<Clip> clips = LIBRARY.digits(Language.NL, "2105");
        assertEquals(7, clips.size());
        assertSame(LIBRARY.clip(Language.NL, Prompt.DIGIT_2), clips.get(0));
        assertSame(LIBRARY.clip(Language.NL, Prompt.DIGIT_1), clips.get(2));
        assertSame(LIBRARY.clip(Language.NL, Prompt.DIGIT_0), clips.get(4));
        assertSame(LIBRARY.clip(Language.NL, Prompt.DIGIT_5), clips.get(6));
        assertEquals(PromptLibrary.DIGIT_GAP, clips.get(1).duration());
        assertEquals(1, LIBRARY.digits(Language.EN, "7").size());
        assertThrows(IllegalArgumentException.class, () -> LIBRARY.digits(Language.EN, ""));
        assertThrows(IllegalArgumentException.class, () -> LIBRARY.digits(Language.EN, "12*"));
    }

    @Test
    void theGeneratorScriptAndThePromptEnumListTheSameNames() throws Exception {
        Path script = Path.of("..", "tools", "prompts", "make-prompts.sh");
        Set<String> inScript = new TreeSet<>();
        for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (t.startsWith("\"") && t.contains("|")) {
                inScript.add(t.substring(1, t.indexOf('|')));
            }
        }
        Set<String> inEnum = new TreeSet<>();
        for (Prompt p : EnumSet.allOf(Prompt.class)) {
            inEnum.add(p.id());
        }
        assertEquals(inEnum, inScript);
    }

    @Test
    void clipsAreImmutable() {
        byte[] samples = {1, 2, 3};
        Clip clip = Clip.ofMuLaw("x", samples);
        samples[0] = 9;
        clip.toMuLaw()[1] = 9;
        assertEquals(1, clip.toMuLaw()[0]);
        assertEquals(2, clip.toMuLaw()[1]);
        assertEquals(800, Clip.silence(java.time.Duration.ofMillis(100)).sampleCount());
    }
}
