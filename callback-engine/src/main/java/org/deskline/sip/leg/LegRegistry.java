package org.deskline.sip.leg;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live leg, found by its dialog ({@link LegKey}) and, for inbound legs, by the INVITE that
 * created it (Call-ID and From-tag, what a CANCEL carries). A leg is entered when it is created and
 * forgotten when it ends; the keys of legs that ended recently are remembered for a while so that a
 * retransmitted BYE is answered 200 rather than 481.
 *
 * <p>Threading: safe from any thread, lock-free reads. The memory of ended legs is two generations
 * of maps, rotated every {@code 32 s}: a key is remembered for 32 to 64 seconds, without a timer per
 * key.
 */
public final class LegRegistry {
    private static final long GENERATION_NANOS = 32_000_000_000L;
    private static final int MAX_REMEMBERED = 500_000;

    private final Map<LegKey, CallLeg> legs = new ConcurrentHashMap<>();
    private final Map<InviteKey, CallLeg> invites = new ConcurrentHashMap<>();
    private volatile Map<LegKey, Boolean> endedNow = new ConcurrentHashMap<>();
    private volatile Map<LegKey, Boolean> endedBefore = new ConcurrentHashMap<>();
    private volatile long generationStart = System.nanoTime();

    /** An inbound INVITE: its Call-ID and From-tag. */
    record InviteKey(String callId, String fromTag) {
    }

    void add(CallLeg leg) {
        legs.put(leg.key(), leg);
    }

    void addInvite(CallLeg leg, String callId, String fromTag) {
        invites.put(new InviteKey(callId, fromTag), leg);
    }

    void remove(CallLeg leg, String inviteCallId, String inviteFromTag) {
        legs.remove(leg.key(), leg);
        if (inviteCallId != null) {
            invites.remove(new InviteKey(inviteCallId, inviteFromTag), leg);
        }
        rotateIfDue();
        if (endedNow.size() < MAX_REMEMBERED) {
            endedNow.put(leg.key(), Boolean.TRUE);
        }
    }

    /** The live leg of this dialog, or null. */
    public CallLeg byDialog(String callId, String localTag) {
        return localTag == null ? null : legs.get(new LegKey(callId, localTag));
    }

    /** The live inbound leg created by the INVITE with this Call-ID and From-tag (for CANCEL), or null. */
    public CallLeg byInvite(String callId, String fromTag) {
        return invites.get(new InviteKey(callId, fromTag));
    }

    /** Whether a leg of this dialog ended in the last 32 seconds or more. */
    public boolean recentlyEnded(String callId, String localTag) {
        if (localTag == null) {
            return false;
        }
        LegKey k = new LegKey(callId, localTag);
        return endedNow.containsKey(k) || endedBefore.containsKey(k);
    }

    /** Live legs; 0 when no call is in progress. */
    public int size() {
        return legs.size() + invites.size();
    }

    private void rotateIfDue() {
        long now = System.nanoTime();
        if (now - generationStart >= GENERATION_NANOS) {
            synchronized (this) {
                if (now - generationStart >= GENERATION_NANOS) {
                    endedBefore = endedNow;
                    endedNow = new ConcurrentHashMap<>();
                    generationStart = now;
                }
            }
        }
    }
}
