package org.deskline.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deskline.api.PortalApplication;
import org.deskline.api.PortalServices;
import org.deskline.core.health.HealthIndicator;
import org.deskline.web.WebPortal;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.spi.ServerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Grizzly port for everything HTTP: the REST API (Jersey) under {@code /api/v1}, the WebSocket
 * endpoints (Tyrus) and the browser portal's static files at {@code /}.
 */
final class HttpFrontend implements AutoCloseable, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(HttpFrontend.class);

    private final String bind;
    private final int port;
    private HttpServer server;
    private volatile boolean up;

    HttpFrontend(String bind, int port) {
        this.bind = bind;
        this.port = port;
    }

    void start(PortalServices services, List<ServerEndpointConfig> endpoints) throws IOException, DeploymentException {
        URI base = URI.create("http://" + bind + ":" + port + PortalApplication.BASE_PATH + "/");
        server = GrizzlyHttpServerFactory.createHttpServer(base, PortalApplication.create(services), false);
        CLStaticHttpHandler web = new PortalFiles();
        web.setFileCacheEnabled(false);
        server.getServerConfiguration().addHttpHandler(web, "/");

        ServerContainer ws = new GrizzlyServerContainer().createContainer(new HashMap<>());
        for (ServerEndpointConfig endpoint : endpoints) {
            // straight to the engine: the container's addEndpoint only records it until ws.start(), never called here
            ws.getWebSocketEngine().register(endpoint, "");
        }
        Set<String> paths = endpoints.stream().map(ServerEndpointConfig::getPath).collect(Collectors.toSet());
        for (NetworkListener listener : server.getListeners()) {
            listener.registerAddOn(new IgnoreUnsupportedUpgrade());
            listener.registerAddOn(new WebSocketsStayOpen(paths));
            listener.registerAddOn(new WebSocketAddOn(ws, ""));
        }
        server.start();
        up = true;
        log.info("HTTP listening on {}:{}", bind, port());
    }

    /**
     * The portal's static files with security headers: a strict Content-Security-Policy (no inline
     * script or style, connections only to this origin, which includes its WebSocket), no framing, no
     * MIME sniffing, and revalidation on every load so that a new jar's files are picked up at once.
     */
    static final class PortalFiles extends CLStaticHttpHandler {
        static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

        PortalFiles() {
            super(WebPortal.class.getClassLoader(), WebPortal.RESOURCE_ROOT);
        }

        @Override
        protected boolean handle(String path, Request request, Response response) throws Exception {
            response.setHeader("Content-Security-Policy", CSP);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", "no-cache");
            if (path.endsWith(".js")) {
                response.setContentType("text/javascript; charset=utf-8");
            }
            return super.handle(path, request, response);
        }
    }

    int port() {
        return server.getListeners().iterator().next().getPort();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void close() {
        up = false;
        if (server != null) {
            server.shutdownNow();
            log.info("HTTP stopped");
        }
    }
}
