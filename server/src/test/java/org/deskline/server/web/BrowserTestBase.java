package org.deskline.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One server (the composition root in this JVM, on free ports) with its SIP test agents (a fake trunk,
 * registered phones: {@link SipAgents}) and one headless Chromium per test class. The server runs
 * in-process rather than as the jar so that tests can reach its services (presence, the call log, hot
 * desking) directly; {@code PortalJarIT} covers the packaged jar.
 */
abstract class BrowserTestBase {
    static SipAgents sip;
    static TestServer server;
    static Browser browser;
    static Portal portal;
    static ApiClient admin;
    private static final AtomicInteger NEXT_EXTENSION = new AtomicInteger(500);

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        sip = SipAgents.start();
        server = TestServer.start(sip::wire);
        sip.serve(server);
        browser = Browser.start();
        portal = new Portal(browser, "http://127.0.0.1:" + server.deskline().httpPort());
        admin = server.admin();
    }

    @AfterAll
    static void stopServerAndBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (sip != null) {
            sip.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Nothing the page did may have failed: no script error, no CSP violation. */
    @AfterEach
    void consoleIsClean() {
        var errors = browser.unexpectedConsoleErrors();
        if (!errors.isEmpty()) {
            throw new AssertionError("browser console errors: " + errors);
        }
    }

    static String nextExtension() {
        return String.valueOf(NEXT_EXTENSION.getAndIncrement());
    }

    /** A user with a portal password (and any further fields as key, value pairs). */
    static JsonNode createUser(String extension, String name, String password, Object... more) throws Exception {
        Object[] kv = new Object[6 + more.length];
        kv[0] = "extension";
        kv[1] = extension;
        kv[2] = "name";
        kv[3] = name;
        kv[4] = "portalPassword";
        kv[5] = password;
        System.arraycopy(more, 0, kv, 6, more.length);
        ApiClient.Reply r = admin.post("/api/v1/users", ApiClient.json(kv));
        if (r.status() != 201) {
            throw new AssertionError("creating user " + extension + ": " + r);
        }
        return r.json();
    }

    static JsonNode createDevice(String name, String sipUsername, Long assignedUserId) throws Exception {
        Object[] kv = assignedUserId == null
                ? new Object[] {"name", name, "sipUsername", sipUsername, "sipPassword", "sip-secret-1", "hotdeskEnabled", true}
                : new Object[] {"name", name, "sipUsername", sipUsername, "sipPassword", "sip-secret-1", "hotdeskEnabled", true,
                        "assignedUserId", assignedUserId};
        ApiClient.Reply r = admin.post("/api/v1/devices", ApiClient.json(kv));
        if (r.status() != 201) {
            throw new AssertionError("creating device " + name + ": " + r);
        }
        return r.json();
    }
}
