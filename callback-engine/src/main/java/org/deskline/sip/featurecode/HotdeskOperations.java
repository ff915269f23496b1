package org.deskline.sip.featurecode;

import java.util.Optional;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.hotdesk.LogoutReason;
import org.deskline.core.hotdesk.PinCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-desk work behind the IVR, over {@link HotdeskService}: PIN check then login, and logout,
 * each turned into a {@link HotdeskOutcome}. The rules (move, Hot Identity Switch, owner fallback,
 * lockout, history, events) are the core's.
 *
 * <p>Blocking (database, PBKDF2): run on a worker, never on a SIP or media thread. Thread-safe.
 */
final class HotdeskOperations {
    private static final Logger log = LoggerFactory.getLogger(HotdeskOperations.class);

    private final HotdeskService hotdesk;

    HotdeskOperations(HotdeskService hotdesk) {
        this.hotdesk = hotdesk;
    }

    /** Checks {@code pin} for {@code extension} and, when right, logs that user in on {@code device}. */
    HotdeskOutcome login(DeviceId device, String extension, String pin) {
        try {
            PinCheck check = hotdesk.checkPin(extension, pin);
            if (check instanceof PinCheck.Accepted a) {
                hotdesk.login(device, a.user().id(), LoginMethod.FEATURE_CODE);
                return new HotdeskOutcome.LoggedIn(a.user());
            }
            if (check instanceof PinCheck.NotAllowed n) {
                return new HotdeskOutcome.NotAllowed(n.user());
            }
            if (check instanceof PinCheck.Locked) {
                return new HotdeskOutcome.Locked();
            }
            return new HotdeskOutcome.WrongPin();
        } catch (DomainException e) {
            if (e.status() == 403) {
                return new HotdeskOutcome.NotAllowed(hotdesk.view().userByExtension(extension).orElse(null));
            }
            log.warn("hot-desk login on {} failed: {}", device, e.getMessage());
            return new HotdeskOutcome.Failed(e.errorId());
        } catch (RuntimeException e) {
            log.error("hot-desk login on {} failed", device, e);
            return new HotdeskOutcome.Failed(e.getClass().getSimpleName());
        }
    }

    /**
     * Logs out whoever is on {@code device}. {@code expected} is who the IVR saw there; it is named
     * in the confirmation when someone else logged them out meanwhile.
     */
    HotdeskOutcome logout(DeviceId device, User expected) {
        try {
            Optional<User> out = hotdesk.logout(device, LoginMethod.FEATURE_CODE, LogoutReason.USER);
            return new HotdeskOutcome.LoggedOut(out.orElse(expected));
        } catch (RuntimeException e) {
            log.error("hot-desk logout on {} failed", device, e);
            return new HotdeskOutcome.Failed(e.getClass().getSimpleName());
        }
    }
}
