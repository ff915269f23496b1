package org.deskline.testkit.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deskline.testkit.net.Ports;

/**
 * A tiny registrar on raw UDP, independent of JAIN-SIP's parser: challenges REGISTER with the
 * configured digest algorithms (401), verifies the credentials exactly as they arrived on the
 * wire, and keeps bindings (Contact, Expires, {@code Contact: *}).
 */
final class MiniRegistrar implements AutoCloseable {
    final DigestChallenger challenger;
    final DatagramSocket socket;
    final List<String> requests = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Map<String, Integer> bindings = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    MiniRegistrar(String user, String password, List<Digest.Algorithm> algorithms) throws IOException {
        this.challenger = new DigestChallenger("deskline.test", user, password, algorithms);
        this.socket = new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, Ports.freePort()));
        this.socket.setSoTimeout(100);
        this.thread = new Thread(this::loop, "mini-registrar");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized Map<String, Integer> bindings() {
        return Map.copyOf(bindings);
    }

    private void loop() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                String reply = handle(text);
                if (reply != null) {
                    byte[] out = reply.getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (SocketTimeoutException e) {
                // poll closed
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized String handle(String text) {
        requests.add(text);
        String[] lines = text.split("\r\n");
        String method = lines[0].split(" ")[0];
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        if (!"REGISTER".equals(method)) {
            return reply(headers, "405 Method Not Allowed", List.of());
        }
        String auth = first(headers, "Authorization");
        String problem = challenger.problem("REGISTER", auth);
        if (problem != null) {
            if (auth != null) {
                problems.add(problem);
            }
            List<String> extra = new ArrayList<>();
            for (String c : challenger.challenges()) {
                extra.add("WWW-Authenticate: " + c);
            }
            return reply(headers, "401 Unauthorized", extra);
        }
        String expiresHeader = first(headers, "Expires");
        int defaultExpires = expiresHeader == null ? 3600 : Integer.parseInt(expiresHeader);
        for (String contact : all(headers, "Contact")) {
            if (contact.equals("*")) {
                bindings.clear();
                continue;
            }
            String uri = contact.replaceAll(".*<([^>]*)>.*", "$1");
            int expires = defaultExpires;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(";\\s*expires=(\\d+)").matcher(contact);
            if (m.find()) {
                expires = Integer.parseInt(m.group(1));
            }
            if (expires == 0) {
                bindings.remove(uri);
            } else {
                bindings.put(uri, expires);
            }
        }
        List<String> extra = new ArrayList<>();
        bindings.forEach((uri, expires) -> extra.add("Contact: <" + uri + ">;expires=" + expires));
        return reply(headers, "200 OK", extra);
    }

    private static String reply(List<String[]> request, String status, List<String> extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String[] h : request) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (name.equals("via") || name.equals("from") || name.equals("call-id") || name.equals("cseq")) {
                b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            } else if (name.equals("to")) {
                b.append("To: ").append(h[1]).append(h[1].contains("tag=") ? "" : ";tag=mini").append("\r\n");
            }
        }
        for (String e : extra) {
            b.append(e).append("\r\n");
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static String first(List<String[]> headers, String name) {
        List<String> values = all(headers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> all(List<String[]> headers, String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                for (String v : h[0].equalsIgnoreCase("Contact") ? h[1].split(",(?=\\s*(<|\\*))") : new String[] {h[1]}) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
