package org.deskline.api;

import java.time.Clock;
import java.util.List;
import org.deskline.core.access.SessionService;
import org.deskline.core.call.CallControl;
import org.deskline.core.call.CallTracker;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.event.EventBus;
import org.deskline.core.health.HealthIndicator;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.mode.ModeService;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.provisioning.ProvisioningService;
import org.deskline.core.registration.RegistrationStatus;

/** The domain services the portal API works with, handed over by the composition root. */
public record PortalServices(
        ProvisioningService provisioning,
        HotdeskService hotdesk,
        ModeService modes,
        PresenceService presence,
        SessionService sessions,
        RegistrationStatus registrations,
        CallTracker calls,
        CallLog callLog,
        CallControl callControl,
        EventBus events,
        List<HealthIndicator> health,
        Clock clock,
        String version) {
}
