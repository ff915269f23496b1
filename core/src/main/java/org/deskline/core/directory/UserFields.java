package org.deskline.core.directory;

/**
 * The writable fields of a user, for creating (absent fields take their defaults) and updating
 * (absent fields stay as they are). The portal password is given in clear here and hashed by the
 * directory; it never leaves the service.
 */
public final class UserFields {
    public Patch<String> extension = Patch.absent();
    public Patch<String> name = Patch.absent();
    public Patch<String> outboundNumber = Patch.absent();
    public Patch<String> portalPassword = Patch.absent();
    public Patch<Boolean> hotdeskAllowed = Patch.absent();
    public Patch<Boolean> telecommuterAllowed = Patch.absent();
    public Patch<String> telecommuterNumber = Patch.absent();
    public Patch<Boolean> voicemailEnabled = Patch.absent();
    public Patch<Boolean> callWaiting = Patch.absent();
    public Patch<Boolean> callbackConfirm = Patch.absent();
    public Patch<DialPermission> dialPermission = Patch.absent();
    public Patch<Language> language = Patch.absent();

    @Override
    public String toString() {
        return "UserFields[extension=" + extension + ", name=" + name + "]";
    }
}
