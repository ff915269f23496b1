package org.deskline.core.provisioning;

import java.util.Set;

/**
 * @param sipRealm the digest realm device credentials are made for; changing it later means setting
 *     every device's SIP password again
 * @param reservedNumbers numbers no extension may take (the emergency numbers)
 */
public record ProvisioningConfig(String sipRealm, Set<String> reservedNumbers) {
}
