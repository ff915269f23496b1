package org.deskline.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The portal as shipped: the packaged jar started as a process, its static files with their security
 * headers, and a real Chromium going from the administrator creating a hot-desk user (PIN shown once)
 * to that user signing in with the live connection up, with no console error (the CSP holds).
 */
class PortalJarIT {
    private static final String ADMIN_PASSWORD = "jar-admin-secret-1";

    @Test
    void adminCreatesHotDeskUserWhoThenSignsInOnTheRealJar() throws Exception {
        int http = TestServer.freeTcpPort();
        Path data = Files.createTempDirectory("deskline-portal-jar-");
        Path log = data.resolve("server.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("deskline.jar", "target/deskline.jar"), "--http-port", String.valueOf(http),
                "--sip-port", String.valueOf(TestServer.freeSipPort()), "--data-dir", data.toString(),
                "--admin-password", ADMIN_PASSWORD, "--password-hash-iterations", "1000"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + http;
        try (Browser browser = Browser.start()) {
            awaitHealthy(process, base, log);
            checkStaticFiles(base);

            Portal portal = new Portal(browser, base);
            portal.signInFresh("admin", ADMIN_PASSWORD);
            portal.click(By.id("new-user"));
            portal.type(By.id("user-extension"), "801");
            portal.type(By.id("user-name"), "Sanne Jar");
            portal.type(By.id("user-password"), "sanne-portal-1");
            portal.click(By.id("user-save"));
            assertTrue(portal.visible(By.id("pin-value")).getText().matches("[0-9]{6}"));
            portal.click(By.cssSelector("dialog .dialog-close"));
            portal.text(By.cssSelector("#users-body tr[data-extension='801']"), "Allowed · PIN set");

            portal.click(By.xpath("//button[normalize-space()='Sign out']"));
            portal.visible(By.id("signin-title"));
            portal.signIn("801", "sanne-portal-1");
            portal.text(By.id("where-now"), "You are logged out");
            portal.text(By.cssSelector(".connection"), "Live");
            assertEquals(List.of(), browser.unexpectedConsoleErrors(), "no script error and no CSP violation");
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void checkStaticFiles(String base) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/js/main.js\">"));
        HttpResponse<String> module = client.send(HttpRequest.newBuilder(URI.create(base + "/js/main.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(module.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"),
                "modules need a JavaScript MIME type");
    }

    private static void awaitHealthy(Process process, String base, Path log) throws Exception {
        ApiClient api = new ApiClient(base);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited:\n" + Files.readString(log));
            }
            try {
                if (api.get("/api/v1/health").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // a bounded wait that also notices an exit
        }
        throw new AssertionError("not healthy in 60 s:\n" + Files.readString(log));
    }
}
