package org.deskline.server;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * Exempts WebSocket connections from Grizzly's HTTP keep-alive idle timeout (30 s), which would
 * otherwise close a quiet {@code /api/v1/events} connection without a close frame. The endpoint's own
 * heartbeat (pings) finds dead peers instead.
 *
 * <p>Sits before Tyrus' filter and marks the connection when a WebSocket upgrade request for one of the
 * endpoint paths arrives.
 */
final class WebSocketsStayOpen implements AddOn {
    private final Set<String> paths;

    WebSocketsStayOpen(Set<String> paths) {
        this.paths = Set.copyOf(paths);
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(HttpServerFilter.class), new Filter());
    }

    private final class Filter extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpRequestPacket request
                    && "websocket".equalsIgnoreCase(request.getUpgrade())
                    && paths.contains(request.getRequestURI())) {
                IdleTimeoutFilter.setCustomTimeout(ctx.getConnection(), -1, TimeUnit.MILLISECONDS);
            }
            return ctx.getInvokeAction();
        }
    }
}
