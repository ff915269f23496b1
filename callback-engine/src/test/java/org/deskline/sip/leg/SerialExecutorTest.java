package org.deskline.sip.leg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksSubmittedFromATaskRunAfterItInOrder() {
        SerialExecutor e = new SerialExecutor();
        List<String> order = new ArrayList<>();
        e.execute(() -> {
            order.add("first");
            e.execute(() -> order.add("third"));
            order.add("second");
        });
        assertEquals(List.of("first", "second", "third"), order);
    }

    @Test
    void neverTwoTasksAtOnceFromManyThreads() throws Exception {
        SerialExecutor e = new SerialExecutor();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    e.execute(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        running.decrementAndGet();
                        done.incrementAndGet();
                    });
                }
            });
        }
        go.countDown();
        pool.shutdown();
        pool.awaitTermination(20, TimeUnit.SECONDS);
        assertEquals(80_000, done.get());
        assertEquals(0, overlaps.get());
    }
}
