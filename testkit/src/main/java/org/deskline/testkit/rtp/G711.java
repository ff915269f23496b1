package org.deskline.testkit.rtp;

/** G.711 mu-law (PCMU, payload type 0) and A-law (PCMA, payload type 8) for 16-bit linear PCM. */
public final class G711 {
    public static final int PCMU = 0;
    public static final int PCMA = 8;

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private G711() {
    }

    public static byte linearToUlaw(int pcm) {
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > CLIP) {
            pcm = CLIP;
        }
        pcm += BIAS;
        int v = (pcm >> 7) & 0xFF;
        int exponent = v <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(v);
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int sample = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -sample : sample);
    }

    public static byte linearToAlaw(int pcm) {
        int value = pcm >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = 0;
        int end = 0x1F;
        while (segment < 8 && value > end) {
            segment++;
            end = (end << 1) | 1;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int alaw = segment << 4;
        alaw |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte) (alaw ^ mask);
    }

    public static short alawToLinear(byte alaw) {
        int a = (alaw & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0:
                t += 8;
                break;
            case 1:
                t += 0x108;
                break;
            default:
                t += 0x108;
                t <<= segment - 1;
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    /** Encodes linear samples with the codec of {@code payloadType} (0 or 8). */
    public static byte[] encode(int payloadType, short[] pcm, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            short s = pcm[offset + i];
            out[i] = payloadType == PCMA ? linearToAlaw(s) : linearToUlaw(s);
        }
        return out;
    }

    /** Decodes a G.711 payload of {@code payloadType} (0 or 8) to linear samples. */
    public static short[] decode(int payloadType, byte[] payload) {
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = payloadType == PCMA ? alawToLinear(payload[i]) : ulawToLinear(payload[i]);
        }
        return out;
    }

    public static boolean isG711(int payloadType) {
        return payloadType == PCMU || payloadType == PCMA;
    }
}
