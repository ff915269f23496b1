package org.deskline.core.mode;

import java.sql.SQLException;
import java.util.Optional;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryRepository.DeviceRow;
import org.deskline.core.directory.DirectoryWriter.Tx;
import org.deskline.core.directory.RoutingMode;
import org.deskline.core.directory.User;
import org.deskline.core.hotdesk.Logins;

/** Mode transitions shared by the user's own switch and the administrator's changes. Stateless. */
public final class ModeRules {
    private ModeRules() {
    }

    /**
     * Ends telecommuter mode: the user goes back to their assigned device if nobody is logged in on it;
     * otherwise (or with no assigned device) the user is logged out.
     */
    public static User endTelecommuter(Tx tx, User user) throws SQLException {
        User atDesk = user.withRoutingMode(RoutingMode.DESK, user.telecommuterNumber());
        DirectoryRepository.updateUser(tx.connection(), atDesk);
        tx.putUser(atDesk);
        returnToBaseDevice(tx, atDesk);
        return atDesk;
    }

    /** Logs a desk-mode user without a device back in on their assigned device, if it is free. */
    public static void returnToBaseDevice(Tx tx, User user) throws SQLException {
        Optional<DeviceRow> base = DirectoryRepository.deviceOwnedBy(tx.connection(), user.id());
        if (base.isPresent()) {
            Logins.fallBackToOwner(tx, base.get().device(), null);
        }
    }
}
