package org.deskline.sip.media;

/**
 * ITU-T G.711 companding: mu-law and A-law to and from 16-bit linear PCM, and the two 256-entry
 * transcoding tables. Prompts are stored in mu-law; a PCMA call maps each byte through
 * {@link #MU_TO_A} as it is packetised, which costs one table look-up per sample and no allocation.
 *
 * <p>The transcoding tables go through linear PCM (decode one law, encode the other); this differs
 * from G.711's own conversion tables by at most one quantisation step on a few codes, inaudible for
 * prompts. Stateless and thread-safe.
 */
final class G711 {
    /** Mu-law code of digital silence (linear 0). */
    static final byte MU_SILENCE = (byte) 0xFF;

    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 32635;

    private static final short[] MU_TO_LINEAR = new short[256];
    private static final short[] A_TO_LINEAR = new short[256];
    static final byte[] MU_TO_A = new byte[256];
    static final byte[] A_TO_MU = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            MU_TO_LINEAR[i] = (short) decodeMu(i);
            A_TO_LINEAR[i] = (short) decodeA(i);
        }
        for (int i = 0; i < 256; i++) {
            MU_TO_A[i] = linearToA(MU_TO_LINEAR[i]);
            A_TO_MU[i] = linearToMu(A_TO_LINEAR[i]);
        }
    }

    private G711() {
    }

    static int muToLinear(byte mu) {
        return MU_TO_LINEAR[mu & 0xFF];
    }

    static int aToLinear(byte a) {
        return A_TO_LINEAR[a & 0xFF];
    }

    static byte linearToMu(int pcm) {
        int sign = 0;
        if (pcm < 0) {
            pcm = -pcm;
            sign = 0x80;
        }
        if (pcm > MU_CLIP) {
            pcm = MU_CLIP;
        }
        pcm += MU_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static byte linearToA(int pcm) {
        int mask;
        pcm >>= 3;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = 0;
        while (segment < 8 && pcm > (0x20 << segment) - 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }

    /** Rewrites {@code length} mu-law bytes of {@code buf} from {@code offset} on as A-law, in place. */
    static void muToAInPlace(byte[] buf, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            buf[i] = MU_TO_A[buf[i] & 0xFF];
        }
    }

    private static int decodeMu(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + MU_BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS;
    }

    private static int decodeA(int code) {
        int a = code ^ 0x55;
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
        return (a & 0x80) != 0 ? t : -t;
    }
}
