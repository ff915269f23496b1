package org.deskline.testkit.proc;

import java.nio.file.Path;
import java.util.List;

/** Run in a separate JVM by {@link ManagedProcessTest}: starts {@code sleep 300}, prints its pid, then idles. */
public final class OrphanFixture {
    private OrphanFixture() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ManagedProcess sleeper = ManagedProcess.start("sleeper", List.of("sleep", "300"), dir, dir.resolve("out.log"));
        long pid = -1;
        for (int i = 0; i < 200 && pid < 0; i++) {
            pid = ProcessHandle.allProcesses()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                    .filter(h -> h.parent().flatMap(ProcessHandle::parent).map(p -> p.pid() == ProcessHandle.current().pid())
                            .orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            Thread.sleep(10);
        }
        System.out.println("tool pid " + pid + " alive " + sleeper.isAlive());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
