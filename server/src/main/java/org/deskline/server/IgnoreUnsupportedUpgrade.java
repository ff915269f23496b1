package org.deskline.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Makes Grizzly ignore an {@code Upgrade} request header for any protocol but WebSocket (RFC 9110
 * §7.8 lets a server ignore it). Grizzly otherwise treats such a request as upgraded and stops framing
 * its body by Content-Length, so a POST from a client that offers {@code h2c} (Java's HttpClient and
 * {@code curl --http2} do by default) would hang until the client gives up.
 *
 * <p>Runs before the HTTP codec on the raw bytes of a request head, renaming the header in place
 * ({@code Upgrade:} becomes {@code X-Upgrd:}, same length) when its value is not {@code websocket}.
 */
final class IgnoreUnsupportedUpgrade implements AddOn {
    private static final byte[] HEADER = "\r\nupgrade:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RENAMED = "\r\nX-Upgrd:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBSOCKET = "websocket".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(HttpServerFilter.class), new Filter());
    }

    private static final class Filter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof Buffer buffer) {
                rewrite(buffer);
            }
            return ctx.getInvokeAction();
        }
    }

    /** Renames non-WebSocket Upgrade headers found before the end of the first header block in the buffer. */
    static void rewrite(Buffer buffer) {
        int start = buffer.position();
        int limit = buffer.limit();
        for (int i = start; i + HEADER.length <= limit; i++) {
            if (buffer.get(i) == '\r' && i + 3 < limit && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r'
                    && buffer.get(i + 3) == '\n') {
                return;
            }
            if (matchesIgnoreCase(buffer, i, HEADER) && !valueIsWebSocket(buffer, i + HEADER.length, limit)) {
                for (int k = 0; k < RENAMED.length; k++) {
                    buffer.put(i + k, RENAMED[k]);
                }
            }
        }
    }

    private static boolean valueIsWebSocket(Buffer buffer, int from, int limit) {
        int i = from;
        while (i < limit && (buffer.get(i) == ' ' || buffer.get(i) == '\t')) {
            i++;
        }
        return i + WEBSOCKET.length <= limit && matchesIgnoreCase(buffer, i, WEBSOCKET);
    }

    private static boolean matchesIgnoreCase(Buffer buffer, int at, byte[] lower) {
        for (int k = 0; k < lower.length; k++) {
            byte b = buffer.get(at + k);
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + 32);
            }
            if (b != lower[k]) {
                return false;
            }
        }
        return true;
    }
}
