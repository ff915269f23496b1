package org.deskline.api.users;

import org.deskline.core.hotdesk.HotdeskService.HistoryEntry;

/** One line of a user's hot-desk history as the API shows it. */
public record HotdeskHistoryJson(String at, String action, long deviceId, String deviceName, String method,
        String reason) {
    static HotdeskHistoryJson of(HistoryEntry e) {
        return new HotdeskHistoryJson(e.at().toString(), e.action(), e.deviceId().value(), e.deviceName(), e.method(),
                e.reason());
    }
}
