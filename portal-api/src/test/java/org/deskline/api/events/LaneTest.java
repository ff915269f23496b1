package org.deskline.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaneTest {

    @Test
    void aDirectoryEventStillWaitingIsSkippedWhenANewerOneOfTheSameKeyArrives() throws Exception {
        Lane lane = new Lane(0, "test-lane");
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            lane.execute(() -> {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            lane.executeLatest("alice", 1, () -> ran.add("alice busy"));
            lane.executeLatest("bob", 2, () -> ran.add("bob away"));
            lane.execute(() -> ran.add("a call event"));
            lane.executeLatest("alice", 3, () -> ran.add("alice available"));
            lane.execute(done::countDown);
            release.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("bob away", "a call event", "alice available"), ran);

            CountDownLatch again = new CountDownLatch(1);
            lane.executeLatest("alice", 4, () -> ran.add("alice dnd"));
            lane.execute(again::countDown);
            assertTrue(again.await(5, TimeUnit.SECONDS));
            assertEquals("alice dnd", ran.get(3), "nothing waiting: delivered");
        } finally {
            lane.stop();
        }
    }
}
