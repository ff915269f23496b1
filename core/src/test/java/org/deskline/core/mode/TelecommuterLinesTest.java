package org.deskline.core.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.NumberPlan;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserMode;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

class TelecommuterLinesTest {
    private static final NumberPlan NL = NumberPlan.defaults(Set.of("112"));

    @Test
    void aLineCarriesOneCallAndWithCallWaitingOneMore() {
        TelecommuterLines lines = new TelecommuterLines(NL);
        Optional<TelecommuterLines.Line> first = lines.seize("+31612345678", false);
        assertTrue(first.isPresent());
        assertTrue(lines.seize("+31612345678", false).isEmpty(), "a second call is busy");
        assertTrue(lines.seize("0612345678", false).isEmpty(), "the national spelling is the same line");
        Optional<TelecommuterLines.Line> waiting = lines.seize("0031612345678", true);
        assertTrue(waiting.isPresent(), "call waiting offers exactly one more call");
        assertTrue(lines.seize("+31612345678", true).isEmpty(), "a third is busy");
        assertEquals(2, lines.callsOn("0612345678"));

        first.get().release();
        first.get().release();
        assertEquals(1, lines.callsOn("+31612345678"), "releasing twice frees one place only");
        waiting.get().release();
        assertEquals(0, lines.callsOn("+31612345678"));
        assertEquals(0, lines.linesInUse(), "an idle line leaves no entry behind");
        assertTrue(lines.seize("+31612345678", false).isPresent());
        assertTrue(lines.seize("+31687654321", false).isPresent(), "other numbers are other lines");
    }

    @Test
    void concurrentSeizuresNeverExceedTheLimit() throws Exception {
        TelecommuterLines lines = new TelecommuterLines(NL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                List<Future<Optional<TelecommuterLines.Line>>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tries.add(pool.submit(() -> {
                        go.await();
                        Optional<TelecommuterLines.Line> l = lines.seize("+3161111" + "2222", true);
                        l.ifPresent(x -> won.incrementAndGet());
                        return l;
                    }));
                }
                go.countDown();
                List<Optional<TelecommuterLines.Line>> results = new ArrayList<>();
                for (Future<Optional<TelecommuterLines.Line>> f : tries) {
                    results.add(f.get(5, TimeUnit.SECONDS));
                }
                assertEquals(2, won.get(), "round " + round);
                results.forEach(l -> l.ifPresent(TelecommuterLines.Line::release));
                assertEquals(0, lines.linesInUse());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDialPlanFindsTheTelecommuterByTheirNumberWrittenEitherWay() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User u = f.user("101", x -> {
                x.telecommuterAllowed = Patch.of(true);
                x.telecommuterNumber = Patch.of("0612345678");
            });
            DialPlan plan = new DialPlan(f.view, NL, true, false);
            assertTrue(plan.telecommuterAt("0612345678").isEmpty(), "only while in telecommuter mode");
            f.modes.setMode(u.id(), UserMode.TELECOMMUTER, null);
            assertEquals(u.id(), plan.telecommuterAt("0612345678").orElseThrow().id());
            assertEquals(u.id(), plan.telecommuterAt("+31612345678").orElseThrow().id());
            assertEquals(u.id(), plan.telecommuterAt("0031612345678").orElseThrow().id());
            assertTrue(plan.telecommuterAt("0612345679").isEmpty());
            f.modes.setMode(u.id(), UserMode.TELECOMMUTER, "+31687654321");
            assertTrue(plan.telecommuterAt("0612345678").isEmpty(), "the old number is forgotten");
            assertEquals(u.id(), plan.telecommuterAt("0687654321").orElseThrow().id());
            f.modes.setMode(u.id(), UserMode.DESK, null);
            assertTrue(plan.telecommuterAt("+31687654321").isEmpty());
        }
    }
}
