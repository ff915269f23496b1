package org.deskline.sip.routing;

import java.util.Optional;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.User;
import org.deskline.sip.leg.CallLeg;

/**
 * A call from a phone to a feature code ({@code *35}, {@code *35*<ext>}, {@code *35*<ext>*<PIN>}),
 * handed to the {@link FeatureCodeService}.
 *
 * @param leg the caller's inbound leg, in state PROCEEDING (100 Trying sent); its offer is
 *     {@link CallLeg#offer()}
 * @param device the phone that dialled, authenticated by digest
 * @param userOnDevice who is logged in on it now, if anyone
 * @param code what was dialled, e.g. {@code *35*101*1234}
 */
public record FeatureCodeCall(CallLeg leg, DeviceId device, Optional<User> userOnDevice, String code) {
}
