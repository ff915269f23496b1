package org.deskline.sip.redirect;

import java.util.Optional;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.Route.DiversionReason;
import org.deskline.core.directory.User;
import org.deskline.sip.b2bua.Target;
import org.deskline.sip.leg.Body;
import org.deskline.sip.routing.Caller;
import org.deskline.sip.routing.Targets;

/**
 * Inbound redirection: a call to the extension (or outbound number) of a user in telecommuter mode
 * goes through the trunk to the telecommuter number, carrying the called extension (Diversion
 * {@code reason=unconditional}, History-Info) and the caller's number, on the number's single line.
 *
 * <ul>
 *   <li>the line is free: the call rings the number for the ring timeout; no answer, busy or
 *       unreachable then means voicemail if the user has it, else busy (486) for the caller;</li>
 *   <li>the line is full (a call already in progress, or two with call waiting): the same busy
 *       treatment at once, with Diversion {@code reason=user-busy} to voicemail;</li>
 *   <li>no trunk: the user cannot be reached (voicemail, else 480).</li>
 * </ul>
 *
 * <p>Threading: stateless; safe from any thread, never blocks.
 */
public final class Redirection {
    private final SingleLine line;
    private final Targets targets;
    private final DialPlan dialPlan;

    public Redirection(SingleLine line, Targets targets, DialPlan dialPlan) {
        this.line = line;
        this.targets = targets;
        this.dialPlan = dialPlan;
    }

    /** What happens to a call for {@code callee}, whose calls go to {@code number}. */
    public Outcome redirect(User callee, String number, Caller caller, Body offer, int maxForwards) {
        Optional<Target> remote = targets.telecommuter(callee, number, caller, offer, maxForwards);
        if (remote.isEmpty()) {
            return new Outcome.Unreachable();
        }
        SingleLine.Seizure seized = line.of(callee, number);
        if (seized.isBusy()) {
            return new Outcome.Busy(dialPlan.divertOnFailure(callee, DiversionReason.USER_BUSY)
                    .flatMap(r -> targets.voicemail(callee, DiversionReason.USER_BUSY, caller, offer, maxForwards)));
        }
        return new Outcome.Ring(remote.get(), seized);
    }

    /** Where a redirected call goes. */
    public sealed interface Outcome {
        /**
         * Ring the telecommuter number; the call holds {@code line} until it ends or leaves the number
         * for voicemail.
         */
        record Ring(Target target, SingleLine.Seizure line) implements Outcome {
        }

        /** The line is full: voicemail when present, else 486 to the caller. */
        record Busy(Optional<Target> voicemail) implements Outcome {
        }

        /** No trunk to reach the number. */
        record Unreachable() implements Outcome {
        }
    }
}
