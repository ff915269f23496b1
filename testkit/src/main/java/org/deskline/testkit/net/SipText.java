package org.deskline.testkit.net;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds raw SIP text for {@link RawUdp} and {@link RawTcp}: substitutes {@code ${name}}
 * placeholders, turns line ends into CRLF and, unless told not to, fixes Content-Length.
 * Placeholders always available: {@code ${branch}}, {@code ${call_id}}, {@code ${tag}}.
 */
public final class SipText {
    private SipText() {
    }

    public static String fill(String template, Map<String, String> values) {
        return fill(template, values, true);
    }

    /** @param fixContentLength replace the Content-Length value with the real body length */
    public static String fill(String template, Map<String, String> values, boolean fixContentLength) {
        String text = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        text = text.replace("${branch}", "z9hG4bK-raw-" + random)
                .replace("${call_id}", "raw-" + random + "@127.0.0.1")
                .replace("${tag}", "raw" + random.substring(0, Math.min(8, random.length())));
        text = text.replace("\r\n", "\n").replace("\n", "\r\n");
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return text + "\r\n\r\n";
        }
        if (!fixContentLength) {
            return text;
        }
        String head = text.substring(0, split);
        String body = text.substring(split + 4);
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        head = head.replaceAll("(?im)^(Content-Length|l)\\s*:.*$", "$1: " + length);
        return head + "\r\n\r\n" + body;
    }
}
