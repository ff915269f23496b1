package org.deskline.testkit.sip;

import java.time.Duration;

/**
 * What a {@link SipPhone} does with an incoming INVITE. Delays run on the phone's own thread,
 * never on a SIP stack thread; a CANCEL or BYE during the delay wins.
 */
public sealed interface AnswerPolicy {

    /** 200 OK at once, no 180. */
    static AnswerPolicy answerImmediately() {
        return new AnswerImmediately();
    }

    /** 180 Ringing, then 200 OK after {@code ringing}. The default (100 ms). */
    static AnswerPolicy ringThenAnswer(Duration ringing) {
        return new RingThenAnswer(ringing);
    }

    /** A final response at once (e.g. 486 Busy Here, 480, 603). */
    static AnswerPolicy reject(int status) {
        return new Reject(status);
    }

    /** 180 Ringing, then a final response after {@code ringing}. */
    static AnswerPolicy ringThenReject(Duration ringing, int status) {
        return new RingThenReject(ringing, status);
    }

    /** 180 Ringing and nothing more: for ring-timeout and CANCEL tests. */
    static AnswerPolicy neverAnswer() {
        return new NeverAnswer();
    }

    /** Nothing: the test drives the call with {@link Call#ring()}, {@link Call#answer()}, {@link Call#reject(int)}. */
    static AnswerPolicy manual() {
        return new Manual();
    }

    record AnswerImmediately() implements AnswerPolicy {
    }

    record RingThenAnswer(Duration ringing) implements AnswerPolicy {
    }

    record Reject(int status) implements AnswerPolicy {
        public Reject {
            if (status < 300 || status > 699) {
                throw new IllegalArgumentException("a rejection is 300..699: " + status);
            }
        }
    }

    record RingThenReject(Duration ringing, int status) implements AnswerPolicy {
    }

    record NeverAnswer() implements AnswerPolicy {
    }

    record Manual() implements AnswerPolicy {
    }
}
