package org.deskline.testkit.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.deskline.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @Test
    void exitCodeAndOutputAreKept(@TempDir Path dir) throws Exception {
        ManagedProcess p = ManagedProcess.start("sh", List.of("sh", "-c", "echo hello; exit 3"), dir, dir.resolve("log"));
        assertEquals(Optional.of(3), p.awaitExit(Duration.ofSeconds(5)));
        assertEquals("hello\n", java.nio.file.Files.readString(dir.resolve("log")));
    }

    @Test
    void closeKillsTheTool(@TempDir Path dir) {
        ManagedProcess p = ManagedProcess.start("sleep", List.of("sleep", "300"), dir, dir.resolve("log"));
        assertTrue(p.isAlive());
        p.close(Duration.ofMillis(500));
        assertFalse(p.isAlive());
    }

    @Test
    void toolDiesWhenTheJvmIsKilled(@TempDir Path dir) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanFixture.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line;
            long pid = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("tool pid ")) {
                    pid = Long.parseLong(line.split(" ")[2]);
                    break;
                }
            }
            assertTrue(pid > 0, "fixture reported the tool's pid");
            long tool = pid;
            assertTrue(ProcessHandle.of(tool).map(ProcessHandle::isAlive).orElse(false));
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            Await.until(Duration.ofSeconds(5), "sleep " + tool + " to die with its JVM",
                    () -> ProcessHandle.of(tool).map(h -> !h.isAlive()).orElse(true));
        } finally {
            jvm.destroyForcibly();
        }
    }
}
