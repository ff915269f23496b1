package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deskline.sip.auth.AuthBan;
import org.deskline.testkit.Await;
import org.deskline.testkit.net.Datagram;
import org.deskline.testkit.net.RawTcp;
import org.deskline.testkit.net.RawUdp;
import org.deskline.testkit.net.SipText;
import org.deskline.testkit.sip.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Digest details and bad input on the wire, with hand-written messages: nonce expiry and replay,
 * the authentication ban, malformed, stray and oversized messages.
 */
class AuthAndRobustnessTest {
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");
    private static final String REGISTER = """
            REGISTER sip:127.0.0.1:${port} SIP/2.0
            Via: SIP/2.0/UDP ${host}:${local};branch=${branch}
            Max-Forwards: 70
            From: <sip:${user}@127.0.0.1>;tag=${tag}
            To: <sip:${user}@127.0.0.1>
            Call-ID: ${cid}
            CSeq: ${cseq} REGISTER
            Contact: <sip:${user}@${host}:${local}>
            Expires: 600
            ${auth}
            Content-Length: 0

            """;
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withSip(s -> s.withAuth(Duration.ofSeconds(1), "MD5,SHA-256", 3,
                Duration.ofSeconds(60), Duration.ofSeconds(30))));
        h.device("raw-user", null);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static String register(RawUdp udp, String cid, int cseq, String auth) {
        return SipText.fill(REGISTER, Map.of("port", String.valueOf(h.sipPort()), "host", "127.0.0.1",
                "local", String.valueOf(udp.port()), "user", "raw-user", "cid", cid, "cseq", String.valueOf(cseq),
                "auth", auth));
    }

    private static String authorization(String nonce, int nc, String password) {
        Digest.Challenge c = Digest.Challenge.parse("Digest realm=\"deskline.test\", nonce=\"" + nonce
                + "\", algorithm=MD5, qop=\"auth\"");
        return "Authorization: " + Digest.authorization(c, "raw-user", password, "REGISTER",
                "sip:127.0.0.1:" + h.sipPort(), Digest.newNonce(), nc);
    }

    private static String nonceOf(Datagram challenge) {
        Matcher m = NONCE.matcher(challenge.text());
        assertTrue(m.find(), challenge.text());
        return m.group(1);
    }

    @Test
    void aReplayedOrExpiredNonceIsChallengedAgainWithStaleTrue() {
        try (RawUdp udp = RawUdp.open()) {
            String cid = "stale-" + System.nanoTime();
            udp.send("127.0.0.1", h.sipPort(), register(udp, cid, 1, ""));
            Datagram challenge = udp.awaitReply("401", T);
            long issued = System.nanoTime();
            String nonce = nonceOf(challenge);
            assertTrue(!challenge.text().contains("stale=true"));

            udp.send("127.0.0.1", h.sipPort(), register(udp, cid, 2, authorization(nonce, 1, SipHarness.PASSWORD + "raw-user")));
            udp.awaitReply("200", T);

            udp.send("127.0.0.1", h.sipPort(), register(udp, cid, 3, authorization(nonce, 1, SipHarness.PASSWORD + "raw-user")));
            Datagram replay = udp.awaitReply("401", T);
            assertTrue(replay.text().toLowerCase().contains("stale=true"), replay.text());

            udp.send("127.0.0.1", h.sipPort(), register(udp, cid, 3, authorization(nonce, 2, SipHarness.PASSWORD + "raw-user"))
                    .replace("To: <sip:raw-user@127.0.0.1>", "To: <sip:raw-user@127.0.0.1>;tag=copied-from-the-200"));
            udp.awaitReply("200", T);

            Await.until(Duration.ofSeconds(3), "the nonce's 1 s lifetime to pass",
                    () -> System.nanoTime() - issued > 1_200_000_000L);
            udp.send("127.0.0.1", h.sipPort(), register(udp, cid, 4, authorization(nonce, 3, SipHarness.PASSWORD + "raw-user")));
            Datagram expired = udp.awaitReply("401", T);
            assertTrue(expired.text().toLowerCase().contains("stale=true"), expired.text());
        }
    }

    @Test
    void repeatedFailuresFromOneAddressBanItWithOneLogLine() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger banLog = (Logger) LoggerFactory.getLogger(AuthBan.class);
        banLog.addAppender(lines);
        InetAddress attacker = InetAddress.getByName("127.0.0.5");
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(attacker, 0))) {
            s.setSoTimeout(2_000);
            for (int i = 1; i <= 3; i++) {
                String cid = "ban-" + i + "-" + System.nanoTime();
                String challenge = exchange(s, registerFrom(s, cid, 1, ""));
                assertTrue(challenge.startsWith("SIP/2.0 401"), challenge);
                Matcher m = NONCE.matcher(challenge);
                assertTrue(m.find());
                String refused = exchange(s, registerFrom(s, cid, 2, authorization(m.group(1), 1, "wrong-password")));
                assertTrue(refused.startsWith("SIP/2.0 403"), refused);
            }
            send(s, registerFrom(s, "ban-after-" + System.nanoTime(), 1, ""));
            s.setSoTimeout(500);
            byte[] buf = new byte[4096];
            boolean silent;
            try {
                s.receive(new DatagramPacket(buf, buf.length));
                silent = false;
            } catch (SocketTimeoutException expected) {
                silent = true;
            }
            assertTrue(silent, "a banned address gets no answer");
        } finally {
            banLog.detachAppender(lines);
        }
        List<String> bans = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("auth ban 127.0.0.5 for 30s after 3 failures"), bans);
        try (RawUdp udp = RawUdp.open()) {
            udp.send("127.0.0.1", h.sipPort(), options(udp));
            udp.awaitReply("200", T);
        }
    }

    private String registerFrom(DatagramSocket s, String cid, int cseq, String auth) {
        return SipText.fill(REGISTER, Map.of("port", String.valueOf(h.sipPort()), "host", "127.0.0.5",
                "local", String.valueOf(s.getLocalPort()), "user", "raw-user", "cid", cid, "cseq", String.valueOf(cseq),
                "auth", auth));
    }

    private void send(DatagramSocket s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), h.sipPort()));
    }

    private String exchange(DatagramSocket s, String text) throws Exception {
        send(s, text);
        byte[] buf = new byte[8192];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static String options(RawUdp udp) {
        return SipText.fill("""
                OPTIONS sip:127.0.0.1:${port} SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch}
                Max-Forwards: 70
                From: <sip:probe@127.0.0.1>;tag=${tag}
                To: <sip:127.0.0.1:${port}>
                Call-ID: ${call_id}
                CSeq: 1 OPTIONS
                Content-Length: 0

                """, Map.of("port", String.valueOf(h.sipPort()), "local", String.valueOf(udp.port())));
    }

    @Test
    void malformedRequestsGet400StrayResponsesNothingAndTheServerKeepsServing() {
        try (RawUdp udp = RawUdp.open()) {
            udp.send("127.0.0.1", h.sipPort(), SipText.fill("""
                    INVITE sip:2001@127.0.0.1:${port} SIP/2.0
                    Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch}
                    Max-Forwards: 70
                    From: <sip:a@127.0.0.1>;tag=${tag}
                    To: <sip:2001@127.0.0.1>
                    Call-ID: ${call_id}
                    CSeq: not-a-number INVITE
                    Content-Length: 0

                    """, Map.of("port", String.valueOf(h.sipPort()), "local", String.valueOf(udp.port()))));
            udp.awaitReply("400", T);

            udp.send("127.0.0.1", h.sipPort(), SipText.fill("""
                    SIP/2.0 200 OK
                    Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKnobody
                    From: <sip:a@127.0.0.1>;tag=${tag}
                    To: <sip:b@127.0.0.1>;tag=xyz
                    Call-ID: ${call_id}
                    CSeq: 1 INVITE
                    Content-Length: 0

                    """, Map.of("port", String.valueOf(h.sipPort()))));
            udp.send("127.0.0.1", h.sipPort(), "garbage\r\n\r\n");
            assertEquals(List.of(), udp.collectFor(Duration.ofMillis(300)), "no answer to a response or to garbage");

            udp.send("127.0.0.1", h.sipPort(), options(udp));
            udp.awaitReply("200", T);
        }
    }

    /** UDP: 513 (the datagram is cut at the limit, its headers still answerable); TCP: the connection is closed. */
    @Test
    void oversizedMessagesAreRefused() {
        String big = "x".repeat(9_000);
        String template = """
                OPTIONS sip:127.0.0.1:${port} SIP/2.0
                Via: SIP/2.0/${transport} 127.0.0.1:${local};branch=${branch}
                Max-Forwards: 70
                From: <sip:probe@127.0.0.1>;tag=${tag}
                To: <sip:127.0.0.1:${port}>
                Call-ID: ${call_id}
                CSeq: 1 OPTIONS
                Subject: ${big}
                Content-Length: 0

                """;
        try (RawTcp tcp = RawTcp.connect("127.0.0.1", h.sipPort(), T)) {
            tcp.send(SipText.fill(template, Map.of("port", String.valueOf(h.sipPort()), "local",
                    String.valueOf(tcp.localPort()), "transport", "TCP", "big", big)));
            tcp.awaitClosedByPeer(T);
        }
        try (RawUdp udp = RawUdp.open()) {
            udp.send("127.0.0.1", h.sipPort(), SipText.fill(template, Map.of("port", String.valueOf(h.sipPort()),
                    "local", String.valueOf(udp.port()), "transport", "UDP", "big", big)));
            assertEquals("SIP/2.0 513 Message Too Large", udp.awaitDatagram(T).firstLine());
            udp.send("127.0.0.1", h.sipPort(), options(udp));
            udp.awaitReply("200", T);
        }
    }
}
