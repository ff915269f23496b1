package org.deskline.core.directory;

import org.deskline.core.security.DigestAlgorithm;

/** A device's digest credentials as HA1 values for the realm they were made for (RFC 8760). */
public record SipCredentials(DeviceId deviceId, String username, String realm, String ha1Md5, String ha1Sha256) {

    public static SipCredentials of(DeviceId deviceId, String username, String realm, String password) {
        return new SipCredentials(deviceId, username, realm,
                DigestAlgorithm.MD5.ha1(username, realm, password),
                DigestAlgorithm.SHA_256.ha1(username, realm, password));
    }

    public String ha1(DigestAlgorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> ha1Md5;
            case SHA_256 -> ha1Sha256;
        };
    }

    @Override
    public String toString() {
        return "SipCredentials[" + username + "@" + realm + "]";
    }
}
