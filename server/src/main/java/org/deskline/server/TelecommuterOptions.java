package org.deskline.server;

import java.time.Duration;
import org.deskline.sip.callback.CallbackConfig;

/**
 * Telecommuter mode and click-to-call. Defaults are the constants of {@link CallbackConfig}, which
 * {@link Main}'s options use too.
 *
 * @param officeNumber the office's main number, presented on the callback to a telecommuter number;
 *     null presents the user's own outbound number
 * @param minAnswer a callback answered sooner than this is taken for a mailbox and released
 * @param confirmTimeout how long a user who must press 1 has to accept the callback
 */
public record TelecommuterOptions(String officeNumber, Duration minAnswer, Duration confirmTimeout) {
    public static TelecommuterOptions defaults() {
        return new TelecommuterOptions(null, Duration.parse(CallbackConfig.DEFAULT_MIN_ANSWER),
                Duration.parse(CallbackConfig.DEFAULT_CONFIRM_TIMEOUT));
    }

    public TelecommuterOptions withMinAnswer(Duration d) {
        return new TelecommuterOptions(officeNumber, d, confirmTimeout);
    }

    public TelecommuterOptions withConfirmTimeout(Duration d) {
        return new TelecommuterOptions(officeNumber, minAnswer, d);
    }

    public TelecommuterOptions withOfficeNumber(String number) {
        return new TelecommuterOptions(number, minAnswer, confirmTimeout);
    }
}
