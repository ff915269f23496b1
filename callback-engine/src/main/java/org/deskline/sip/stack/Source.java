package org.deskline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.util.Locale;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;

/**
 * Where a received message came from: the packet's source address and port (not what its Via
 * claims) and the transport it arrived on.
 */
public record Source(String ip, int port, String transport) {

    public static Source of(Message message) {
        SIPMessage m = (SIPMessage) message;
        InetAddress a = m.getPeerPacketSourceAddress() != null ? m.getPeerPacketSourceAddress() : m.getRemoteAddress();
        int port = m.getPeerPacketSourcePort() > 0 ? m.getPeerPacketSourcePort() : m.getRemotePort();
        ViaHeader via = (ViaHeader) m.getHeader(ViaHeader.NAME);
        String transport = via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
        return new Source(a == null ? "0.0.0.0" : a.getHostAddress(), port, transport);
    }

    /** {@code ip:port}, as the location service stores it. */
    public String hostPort() {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    @Override
    public String toString() {
        return hostPort() + "/" + transport;
    }
}
