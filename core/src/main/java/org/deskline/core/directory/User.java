package org.deskline.core.directory;

import java.util.Optional;

/**
 * A user of the directory as routing and the portal see it. Immutable; secrets (portal password,
 * PIN) are not part of it, only whether they are set.
 *
 * @param outboundNumber caller ID presented on external calls; null when the user has none
 * @param telecommuterNumber the remote number calls go to in telecommuter mode; null when unset
 * @param callbackConfirm in click-to-call, the user must press 1 on the callback leg to accept it
 * @param language prompt language; null means the system default
 */
public record User(
        UserId id,
        String extension,
        String name,
        String outboundNumber,
        boolean portalPasswordSet,
        boolean hotdeskAllowed,
        boolean pinSet,
        boolean telecommuterAllowed,
        String telecommuterNumber,
        RoutingMode routingMode,
        boolean voicemailEnabled,
        boolean callWaiting,
        boolean callbackConfirm,
        DialPermission dialPermission,
        Language language) {

    public Optional<String> outbound() {
        return Optional.ofNullable(outboundNumber);
    }

    public Language languageOr(Language systemDefault) {
        return language == null ? systemDefault : language;
    }

    public User withRoutingMode(RoutingMode mode, String number) {
        return new User(id, extension, name, outboundNumber, portalPasswordSet, hotdeskAllowed, pinSet,
                telecommuterAllowed, number, mode, voicemailEnabled, callWaiting, callbackConfirm,
                dialPermission, language);
    }
}
