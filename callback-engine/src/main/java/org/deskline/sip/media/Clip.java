package org.deskline.sip.media;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A piece of audio to play: G.711 mu-law samples at 8 kHz, mono. Immutable and freely shared
 * between sessions and threads; the samples are copied in and never handed out.
 */
public final class Clip {
    /** Samples per second of every clip. */
    public static final int SAMPLE_RATE = 8000;

    private final String name;
    private final byte[] muLaw;

    private Clip(String name, byte[] muLaw) {
        this.name = Objects.requireNonNull(name, "name");
        this.muLaw = muLaw;
    }

    /** A clip of a copy of {@code samples}; {@code name} is for logs only. */
    public static Clip ofMuLaw(String name, byte[] samples) {
        return new Clip(name, samples.clone());
    }

    /** {@code duration} of digital silence, rounded down to whole samples. */
    public static Clip silence(Duration duration) {
        long samples = duration.toNanos() * SAMPLE_RATE / 1_000_000_000L;
        if (samples < 0 || samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("silence out of range: " + duration);
        }
        byte[] buf = new byte[(int) samples];
        Arrays.fill(buf, G711.MU_SILENCE);
        return new Clip("silence-" + duration.toMillis() + "ms", buf);
    }

    /** Takes ownership of {@code samples}: the caller must not keep or change the array. */
    static Clip adopt(String name, byte[] samples) {
        return new Clip(name, samples);
    }

    public String name() {
        return name;
    }

    public int sampleCount() {
        return muLaw.length;
    }

    public Duration duration() {
        return Duration.ofNanos(muLaw.length * 1_000_000_000L / SAMPLE_RATE);
    }

    /** A copy of the mu-law samples. */
    public byte[] toMuLaw() {
        return muLaw.clone();
    }

    /** The samples themselves, for the send path; never modify or expose them. */
    byte[] samples() {
        return muLaw;
    }

    @Override
    public String toString() {
        return "Clip[" + name + ", " + muLaw.length + " samples]";
    }
}
