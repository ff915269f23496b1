package org.deskline.testkit.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @Test
    void writesAndReadsPcm(@TempDir Path dir) throws Exception {
        short[] tone = Audio.tone(1000, 12000, 250);
        Path file = Wav.writeTone(dir.resolve("t.wav"), 1000, 12000, 1);
        Wav.Audio audio = Wav.read(file);
        assertEquals(8000, audio.sampleRate());
        assertEquals(1, audio.channels());
        assertEquals(1.0, audio.seconds(), 1e-9);
        assertArrayEquals(tone, java.util.Arrays.copyOf(audio.samples(), tone.length));
        assertEquals(12000 / Math.sqrt(2), audio.rms(), 20);
        assertEquals(44 + 16000, Files.size(file));
    }

    @Test
    void readsARecordingStillBeingWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("partial.wav");
        Wav.write(file, 8000, Audio.tone(500, 8000, 100));
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] = 0; // data size not yet known, as libsndfile leaves it until close
        bytes[41] = 0;
        bytes[42] = 0;
        bytes[43] = 0;
        Files.write(file, bytes);
        assertEquals(800, Wav.read(file).samples().length);
    }
}
