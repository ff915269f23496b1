package org.deskline.sip.routing;

import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.User;

/**
 * Who is calling, as routing and the call log see it: the user logged in on the phone (not the
 * phone), or a number from the trunk.
 *
 * @param user the calling user; null for the trunk or a phone nobody is logged in on
 * @param device the calling phone; null for the trunk
 * @param number what the callee is shown: the user's extension, or the trunk caller's number (null when
 *     withheld)
 * @param name the display name shown with it, or null
 */
public record Caller(User user, DeviceId device, String number, String name, boolean fromTrunk) {

    static Caller onPhone(DeviceId device, User user, String deviceName) {
        return user != null ? new Caller(user, device, user.extension(), user.name(), false)
                : new Caller(null, device, null, deviceName, false);
    }

    static Caller fromTrunk(String number, String name) {
        return new Caller(null, null, number, name, true);
    }
}
