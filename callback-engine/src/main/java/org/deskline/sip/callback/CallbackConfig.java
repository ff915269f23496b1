package org.deskline.sip.callback;

import java.time.Duration;
import org.deskline.core.directory.Language;
import org.deskline.sip.SipConfig;

/**
 * How click-to-call behaves. The {@code DEFAULT_*} constants are the one reference for defaults: the
 * command line declares its options with them.
 *
 * @param minAnswer a callback to a telecommuter number answered sooner than this after the INVITE went
 *     out was answered by a mailbox, not the user: it is released
 * @param confirmTimeout how long a user who must press 1 to accept the callback has to do so
 * @param officeNumber the number the callback to a telecommuter number presents, so the user recognises
 *     the office calling; null presents the user's own outbound number
 * @param ringTimeout how long the user's phone (or telecommuter number) and a target phone ring
 * @param maxCallLength how long a bridged call may last before the server hangs up both legs; zero for no limit
 * @param defaultLanguage prompt language for users who have none set
 */
public record CallbackConfig(Duration minAnswer, Duration confirmTimeout, String officeNumber, Duration ringTimeout,
        Duration maxCallLength, Language defaultLanguage) {

    public static final String DEFAULT_MIN_ANSWER = "PT2S";
    public static final String DEFAULT_CONFIRM_TIMEOUT = "PT15S";

    public static CallbackConfig defaults(Duration ringTimeout) {
        return new CallbackConfig(Duration.parse(DEFAULT_MIN_ANSWER), Duration.parse(DEFAULT_CONFIRM_TIMEOUT), null,
                ringTimeout, Duration.parse(SipConfig.DEFAULT_MAX_CALL_LENGTH), Language.EN);
    }
}
