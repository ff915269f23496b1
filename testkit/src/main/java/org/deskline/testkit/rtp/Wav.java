package org.deskline.testkit.rtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * 16-bit PCM WAV files: writing test sources and reading recordings.
 *
 * <p>Reading tolerates a recording that is still being written (data chunk size 0 or larger than
 * the file): the samples are then whatever follows the header.
 */
public final class Wav {
    private Wav() {
    }

    /** The samples and format of a WAV file. Multi-channel audio is kept interleaved. */
    public record Audio(int sampleRate, int channels, short[] samples) {
        public double seconds() {
            return samples.length / (double) (sampleRate * channels);
        }

        public double rms() {
            return org.deskline.testkit.rtp.Audio.rms(samples);
        }

        /** RMS of the samples after skipping {@code millis} (jitter-buffer start-up, ringing). */
        public double rmsAfter(int millis) {
            int from = Math.min(samples.length, millis * sampleRate * channels / 1000);
            return org.deskline.testkit.rtp.Audio.rms(samples, from, samples.length);
        }

        @Override
        public String toString() {
            return String.format("%d Hz x%d, %.2f s, rms %.0f", sampleRate, channels, seconds(), rms());
        }
    }

    public static void write(Path file, int sampleRate, short[] samples) {
        ByteBuffer buffer = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (short s : samples) {
            buffer.putShort(s);
        }
        try {
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a sine tone of {@code hz} lasting {@code seconds} at 8 kHz mono. */
    public static Path writeTone(Path file, double hz, int amplitude, int seconds) {
        write(file, org.deskline.testkit.rtp.Audio.SAMPLE_RATE,
                org.deskline.testkit.rtp.Audio.tone(hz, amplitude, seconds * 1000));
        return file;
    }

    public static Audio read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(tag(in, 0)) || !"WAVE".equals(tag(in, 8))) {
            throw new IllegalArgumentException(file + " is not a WAV file (" + bytes.length + " bytes)");
        }
        int sampleRate = 8000;
        int channels = 1;
        int bits = 16;
        int position = 12;
        while (position + 8 <= bytes.length) {
            String id = tag(in, position);
            int size = in.getInt(position + 4);
            int body = position + 8;
            if ("fmt ".equals(id)) {
                int format = in.getShort(body) & 0xFFFF;
                channels = in.getShort(body + 2);
                sampleRate = in.getInt(body + 4);
                bits = in.getShort(body + 14);
                if ((format != 1 && format != 0xFFFE) || bits != 16) {
                    throw new IllegalArgumentException(file + ": only 16-bit PCM is supported (format "
                            + format + ", " + bits + " bits)");
                }
            } else if ("data".equals(id)) {
                int available = bytes.length - body;
                int length = size <= 0 || size > available ? available : size;
                short[] samples = new short[length / 2];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = in.getShort(body + 2 * i);
                }
                return new Audio(sampleRate, channels, samples);
            }
            if (size < 0) {
                break;
            }
            position = body + size + (size & 1);
        }
        return new Audio(sampleRate, channels, new short[0]);
    }

    private static String tag(ByteBuffer in, int at) {
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) {
            id[i] = in.get(at + i);
        }
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
