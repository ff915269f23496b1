package org.deskline.sip;

/**
 * The SIP side of the configuration.
 *
 * @param bindAddress the address the SIP sockets bind to
 * @param advertiseAddress the address put in Via, Contact and SDP (the bind address unless set)
 * @param port SIP over UDP and TCP
 * @param realm the digest realm phones authenticate in
 * @param stackName unique per JAIN-SIP stack in one JVM
 */
public record SipConfig(String bindAddress, String advertiseAddress, int port, String realm, String stackName) {
}
