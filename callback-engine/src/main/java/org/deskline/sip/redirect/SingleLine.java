package org.deskline.sip.redirect;

import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.directory.User;
import org.deskline.core.mode.TelecommuterLines;

/**
 * The single-line rule at the SIP edge: every call through the system to or from a telecommuter
 * number takes a place on that number's line ({@link TelecommuterLines}) for as long as it uses the
 * number — redirected calls, click-to-call legs, calls from that phone through the trunk into the
 * office and calls from the office out to it. A full line means busy treatment for the new call.
 *
 * <p>Threading: stateless over thread-safe parts; never blocks.
 */
public final class SingleLine {
    private final TelecommuterLines lines;
    private final DialPlan dialPlan;

    public SingleLine(TelecommuterLines lines, DialPlan dialPlan) {
        this.lines = lines;
        this.dialPlan = dialPlan;
    }

    /**
     * A call through the trunk to or from {@code number} (the remote party): a place on the line when
     * it is the telecommuter number of a user in telecommuter mode, else {@link Seizure#NONE}.
     */
    public Seizure atNumber(String number) {
        return dialPlan.telecommuterAt(number).map(owner -> of(owner, number)).orElse(Seizure.NONE);
    }

    /** A call to {@code owner}'s own telecommuter number (a redirect, a click-to-call's first leg). */
    public Seizure of(User owner, String number) {
        return lines.seize(number, owner.callWaiting())
                .<Seizure>map(Seizure.Held::new)
                .orElseGet(() -> new Seizure.Busy(owner));
    }

    public TelecommuterLines lines() {
        return lines;
    }

    /** The outcome of asking for a place on a line. */
    public sealed interface Seizure {
        /** The number is no telecommuter's: nothing is counted. */
        Seizure NONE = new None();

        /** Gives the place back; safe to call more than once, and on any outcome. */
        default void release() {
        }

        default boolean isBusy() {
            return this instanceof Busy;
        }

        record None() implements Seizure {
        }

        /** A place on the line, held until {@link #release()}. */
        record Held(TelecommuterLines.Line line) implements Seizure {
            @Override
            public void release() {
                line.release();
            }
        }

        /** The line already carries all it may: busy treatment for the call asking. */
        record Busy(User owner) implements Seizure {
        }
    }
}
