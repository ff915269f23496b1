package org.deskline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RFC 4475 torture messages ({@code conformance/rfc4475}, judged by its INDEX.tsv) sent as raw bytes
 * over UDP to the running server: none crashes it, each gets an acceptable answer (or none where the
 * index says to drop), and OPTIONS is still answered afterwards.
 *
 * <p>Replies to UDP requests go to the Via's sent-by port at the source address (RFC 3261 §18.2.2, the
 * server adds {@code received=127.0.0.1}), so each message is sent from a loopback socket bound to its
 * Via port (5060 when none is given): nothing ever leaves loopback.
 */
class Rfc4475ConformanceTest {
    private static final Pattern VIA_PORT = Pattern.compile(
            "^(?:Via|v)\\s*:\\s*SIP\\s*/\\s*\\S+\\s*/\\s*\\S+\\s+\\[?[^\\s;:,\\]]+\\]?\\s*:\\s*([0-9]+)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    /** Semantic checks the index expects, where an authentication challenge may come first (index note 3). */
    private static final Set<Integer> AFTER_AUTH = Set.of(405, 406, 415, 416, 420, 483, 501);

    private static TestServer server;
    private static Path corpus;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        corpus = locateCorpus();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Expectation(String name, String outcome, Set<Integer> codes, boolean process, boolean drop) {
        boolean accepts(Integer finalCode) {
            if (finalCode == null) {
                return drop;
            }
            if (codes.contains(finalCode)) {
                return true;
            }
            if ((finalCode == 401 || finalCode == 407) && codes.stream().anyMatch(AFTER_AUTH::contains)) {
                return true;
            }
            return process && finalCode != 400 && finalCode != 505 && finalCode < 500;
        }
    }

    @Test
    void tortureMessagesAreAnsweredAsTheIndexSaysAndTheServerKeepsServing() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Expectation e : index()) {
            byte[] bytes = Files.readAllBytes(corpus.resolve(e.name() + ".dat"));
            Reply reply = sendUdp(bytes, viaPort(bytes));
            if (!e.accepts(reply.finalCode())) {
                failures.add(e.name() + ": expected " + e.outcome() + ", got "
                        + (reply.finalCode() == null ? "no answer" : reply.finalCode()) + " " + reply.statusLines());
            }
            if (e.name().equals("dblreq") && reply.raw().contains("INVITE")) {
                failures.add("dblreq: the trailing INVITE octets were acted on: " + reply.statusLines());
            }
        }
        assertEquals(200, optionsStatus(), "OPTIONS is still answered after the corpus");
        if (!failures.isEmpty()) {
            fail(failures.size() + " torture messages answered wrongly:\n  " + String.join("\n  ", failures));
        }
    }

    @Test
    void everyMessageOfTheCorpusIsIndexed() throws IOException {
        Set<String> files = new LinkedHashSet<>();
        try (var s = Files.list(corpus)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dat"))
                    .forEach(n -> files.add(n.substring(0, n.length() - 4)));
        }
        Set<String> indexed = new LinkedHashSet<>();
        index().forEach(e -> indexed.add(e.name()));
        assertEquals(files, indexed);
        assertTrue(indexed.size() >= 49);
    }

    private record Reply(Integer finalCode, List<String> statusLines, String raw) {
    }

    /** Sends one datagram from the Via port and collects what comes back until a final answer or a quiet second. */
    private static Reply sendUdp(byte[] message, int viaPort) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), viaPort));
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(),
                    server.config().sipPort()));
            List<String> lines = new ArrayList<>();
            StringBuilder raw = new StringBuilder();
            Integer finalCode = null;
            long deadline = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException quiet) {
                    break;
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
                raw.append(text);
                String first = text.lines().findFirst().orElse("");
                lines.add(first);
                Matcher m = Pattern.compile("^SIP/2\\.0 ([0-9]{3})").matcher(first);
                if (m.find() && Integer.parseInt(m.group(1)) >= 200 && finalCode == null) {
                    finalCode = Integer.parseInt(m.group(1));
                    deadline = Math.min(deadline, System.currentTimeMillis() + 200);
                }
            }
            return new Reply(finalCode, lines, raw.toString());
        }
    }

    private static int optionsStatus() throws IOException {
        int port = 5060;
        String msg = "OPTIONS sip:127.0.0.1:" + server.config().sipPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKafter" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=a1\r\nTo: <sip:127.0.0.1>\r\n"
                + "Call-ID: after-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        Reply r = sendUdp(msg.getBytes(StandardCharsets.US_ASCII), port);
        return r.finalCode() == null ? -1 : r.finalCode();
    }

    private static int viaPort(byte[] message) {
        String head = new String(message, StandardCharsets.ISO_8859_1);
        Matcher m = VIA_PORT.matcher(head);
        return m.find() ? Integer.parseInt(m.group(1)) : 5060;
    }

    private static List<Expectation> index() throws IOException {
        List<Expectation> out = new ArrayList<>();
        List<String> rows = Files.readAllLines(corpus.resolve("INDEX.tsv"), StandardCharsets.UTF_8);
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split("\t");
            String outcome = cols[5].trim();
            String udp = outcome;
            Matcher perTransport = Pattern.compile("UDP:([^;]+)").matcher(outcome);
            if (perTransport.find()) {
                udp = perTransport.group(1).trim();
            }
            Set<Integer> codes = new LinkedHashSet<>();
            Matcher num = Pattern.compile("\\b([1-6][0-9]{2})\\b").matcher(udp);
            while (num.find()) {
                codes.add(Integer.parseInt(num.group(1)));
            }
            boolean process = udp.contains("PROCESS") || udp.contains("LIBERAL") || udp.startsWith("2xx");
            boolean drop = udp.contains("DROP");
            out.add(new Expectation(cols[0].trim(), outcome, codes, process, drop));
        }
        return out;
    }

    private static Path locateCorpus() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("conformance/rfc4475");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("conformance/rfc4475 not found above " + Path.of("").toAbsolutePath());
    }

}
