package org.deskline.testkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallState;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.Test;

/** Raw sockets against a SipPhone, and a raw UAS that retransmits its 200 OK. */
class RawSipTest {
    private static final Duration T = Duration.ofSeconds(3);
    private static final String OPTIONS = String.join("\n",
            "OPTIONS sip:bob@127.0.0.1:${port} SIP/2.0",
            "Via: SIP/2.0/${transport} 127.0.0.1:${local};branch=${branch};rport",
            "From: <sip:raw@127.0.0.1:${local}>;tag=${tag}",
            "To: <sip:bob@127.0.0.1:${port}>",
            "Call-ID: ${call_id}",
            "CSeq: 1 OPTIONS",
            "Max-Forwards: 70",
            "Content-Length: 999",
            "",
            "");

    @Test
    void phoneSurvivesGarbageAndStillAnswersOverUdp() {
        try (SipPhone bob = SipPhone.start("bob"); RawUdp raw = RawUdp.open()) {
            raw.send("127.0.0.1", bob.port(), new byte[] {0, 1, 2, 3});
            raw.send("127.0.0.1", bob.port(), "INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n");
            raw.send("127.0.0.1", bob.port(), new byte[1400]);
            String options = SipText.fill(OPTIONS, Map.of("port", String.valueOf(bob.port()),
                    "local", String.valueOf(raw.port()), "transport", "UDP"));
            assertTrue(options.contains("Content-Length: 0\r\n\r\n"), "Content-Length fixed");
            raw.send("127.0.0.1", bob.port(), options);
            assertEquals("SIP/2.0 200 OK", raw.awaitReply("SIP/2.0 200", T).firstLine(), raw.describe());
        }
    }

    @Test
    void overTcpToo() {
        try (SipPhone bob = SipPhone.start("bob");
             RawTcp raw = RawTcp.connect("127.0.0.1", bob.port(), T)) {
            raw.send(SipText.fill(OPTIONS, Map.of("port", String.valueOf(bob.port()),
                    "local", String.valueOf(raw.localPort()), "transport", "TCP")));
            assertTrue(raw.awaitText("SIP/2.0 200 OK", T).contains("CSeq: 1 OPTIONS"));
        }
    }

    @Test
    void retransmitted200IsAcknowledgedAgain() {
        try (SipPhone alice = SipPhone.start("alice"); RawUdp uas = RawUdp.open()) {
            Call call = alice.call("sip:raw@127.0.0.1:" + uas.port());
            Datagram invite = uas.awaitReply("INVITE", T);
            String ok = okFor(invite.text(), uas.port());
            uas.send("127.0.0.1", alice.port(), ok);
            call.awaitState(CallState.CONFIRMED, T);
            uas.awaitReply("ACK", T);
            uas.send("127.0.0.1", alice.port(), ok); // as if our first ACK were lost
            uas.awaitReply("ACK", T);
            List<Datagram> acks = uas.received().stream().filter(d -> d.firstLine().startsWith("ACK")).toList();
            assertEquals(2, acks.size(), uas.describe());
            assertTrue(alice.log().find(e -> e.status() == 200).size() == 2, alice.log().dump());
        }
    }

    /** A 200 OK for a raw INVITE: its Via, From, Call-ID and CSeq, a To tag, a Contact and an SDP answer. */
    private static String okFor(String invite, int contactPort) {
        StringBuilder headers = new StringBuilder();
        for (String line : invite.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                headers.append(line).append('\n');
            } else if (lower.startsWith("to:")) {
                headers.append(line).append(";tag=rawuas\n");
            }
        }
        String sdp = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 9 RTP/AVP 0\n";
        return SipText.fill("SIP/2.0 200 OK\n" + headers + "Contact: <sip:raw@127.0.0.1:${port}>\n"
                + "Content-Type: application/sdp\nContent-Length: 0\n\n" + sdp,
                Map.of("port", String.valueOf(contactPort)));
    }
}
