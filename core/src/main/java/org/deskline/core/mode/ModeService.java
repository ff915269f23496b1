package org.deskline.core.mode;

import java.util.regex.Pattern;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.DirectoryWriter;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.RoutingMode;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.core.hotdesk.Logins;
import org.deskline.core.hotdesk.LogoutReason;

/**
 * The user's own choice between desk phone, telecommuter number and logged out.
 *
 * <ul>
 *   <li>{@code telecommuter}: only users the administrator allowed; needs a number (given now or kept
 *       from before); logs the user out of the desk phone, which then carries no user (or its owner).</li>
 *   <li>{@code desk}: ends telecommuter mode; the user returns to the assigned device if nobody is on
 *       it, else stays logged out.</li>
 *   <li>{@code logged_out}: no device carries the user; calls go to voicemail if enabled, else busy.</li>
 * </ul>
 *
 * Every change of where calls go is published as {@code mode_changed} by the directory writer.
 * Blocking: never call from a SIP stack thread.
 */
public final class ModeService {
    public static final Pattern PHONE_NUMBER = Pattern.compile("\\+?[0-9]{3,20}");

    private final DirectoryWriter writer;

    public ModeService(DirectoryWriter writer) {
        this.writer = writer;
    }

    public DirectoryView view() {
        return writer.view();
    }

    /**
     * Switches the user's mode.
     *
     * @param telecommuterNumber the number to use in telecommuter mode; null keeps the stored one
     */
    public User setMode(UserId userId, UserMode target, String telecommuterNumber) {
        if (telecommuterNumber != null && !PHONE_NUMBER.matcher(telecommuterNumber).matches()) {
            throw DomainException.invalid("telecommuterNumber", "must be a phone number: digits, optionally with a leading +");
        }
        return writer.write(tx -> {
            User user = DirectoryRepository.lockUser(tx.connection(), userId)
                    .orElseThrow(() -> DomainException.notFound("user-not-found", "No such user"));
            switch (target) {
                case TELECOMMUTER -> {
                    if (!user.telecommuterAllowed()) {
                        throw DomainException.forbidden("telecommuter-not-allowed",
                                "The administrator has not enabled telecommuter mode for this user");
                    }
                    String number = telecommuterNumber != null ? telecommuterNumber : user.telecommuterNumber();
                    if (number == null) {
                        throw DomainException.invalid("telecommuterNumber", "is required: no telecommuter number is set");
                    }
                    User remote = user.withRoutingMode(RoutingMode.TELECOMMUTER, number);
                    DirectoryRepository.updateUser(tx.connection(), remote);
                    tx.putUser(remote);
                    Logins.logoutUser(tx, remote, LoginMethod.PORTAL, LogoutReason.TELECOMMUTER);
                    return remote;
                }
                case DESK -> {
                    User u = user;
                    if (telecommuterNumber != null) {
                        u = u.withRoutingMode(u.routingMode(), telecommuterNumber);
                    }
                    if (u.routingMode() == RoutingMode.TELECOMMUTER) {
                        return ModeRules.endTelecommuter(tx, u);
                    }
                    if (u != user) {
                        DirectoryRepository.updateUser(tx.connection(), u);
                        tx.putUser(u);
                    }
                    if (DirectoryRepository.loginOfUser(tx.connection(), u.id()).isEmpty()) {
                        ModeRules.returnToBaseDevice(tx, u);
                    }
                    return u;
                }
                case LOGGED_OUT -> {
                    User u = user.withRoutingMode(RoutingMode.DESK,
                            telecommuterNumber != null ? telecommuterNumber : user.telecommuterNumber());
                    if (!u.equals(user)) {
                        DirectoryRepository.updateUser(tx.connection(), u);
                        tx.putUser(u);
                    }
                    Logins.logoutUser(tx, u, LoginMethod.PORTAL, LogoutReason.USER);
                    return u;
                }
                default -> throw new IllegalArgumentException(target.toString());
            }
        });
    }
}
