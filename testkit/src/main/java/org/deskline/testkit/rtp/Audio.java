package org.deskline.testkit.rtp;

/** Small PCM helpers: tones, RMS energy and levels, all on 16-bit linear samples at 8 kHz. */
public final class Audio {
    public static final int SAMPLE_RATE = 8000;
    /** Samples in one 20 ms frame at 8 kHz. */
    public static final int FRAME = 160;

    private Audio() {
    }

    /** A sine tone of {@code hz} at {@code amplitude} (0..32767). */
    public static short[] tone(double hz, int amplitude, int millis) {
        short[] out = new short[SAMPLE_RATE * millis / 1000];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE));
        }
        return out;
    }

    /** Root mean square of the samples, in linear units (0 for silence, about 0.707 * amplitude for a sine). */
    public static double rms(short[] samples) {
        return rms(samples, 0, samples.length);
    }

    public static double rms(short[] samples, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Level relative to full scale, in dB (about -inf for silence). */
    public static double dbfs(double rms) {
        return 20 * Math.log10(Math.max(rms, 1e-3) / 32768.0);
    }

    /** The strongest frequency near each candidate, by Goertzel power: for "is this my 440 Hz tone". */
    public static double goertzelPower(short[] samples, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / Math.max(1, samples.length);
    }

    /** Fraction (0..1) of the signal energy at {@code hz}; near 1 for a pure tone of that frequency. */
    public static double toneShare(short[] samples, double hz) {
        double r = rms(samples);
        if (r == 0) {
            return 0;
        }
        double power = goertzelPower(samples, hz) * 2 / samples.length;
        return Math.min(1, power / (r * r));
    }
}
