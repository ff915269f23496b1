package org.deskline.sip.featurecode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.sip.media.MediaEndpoint;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.routing.FeatureCodeCall;
import org.deskline.sip.routing.FeatureCodeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature codes dialled on phones: the hot-desk codes {@code *35}, {@code *35*<ext>} and
 * {@code *35*<ext>*<PIN>}, each answered by the server with a voice dialogue ({@link HotdeskIvr},
 * one {@link HotdeskCall} per call). Any other code is refused with
 * {@code 404 Feature code not available}.
 *
 * <p>Owns a timer thread (digit timeouts, call limits) and {@link FeatureCodeConfig#workers()}
 * worker threads for PIN checks, logins and logouts, which block on the database and PBKDF2;
 * {@link #close()} stops them. Call it after the SIP engine has stopped.
 *
 * <p>Threading: {@link #handle} runs on the leg's executor and returns at once.
 */
public final class FeatureCodes implements FeatureCodeService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeatureCodes.class);
    private static final int WORK_QUEUE = 500;

    private final HotdeskService hotdesk;
    private final HotdeskOperations operations;
    private final MediaEndpoint media;
    private final PromptLibrary prompts;
    private final FeatureCodeConfig config;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor workers;
    private final Set<HotdeskCall> calls = ConcurrentHashMap.newKeySet();

    public FeatureCodes(HotdeskService hotdesk, MediaEndpoint media, PromptLibrary prompts, FeatureCodeConfig config) {
        this.hotdesk = hotdesk;
        this.operations = new HotdeskOperations(hotdesk);
        this.media = media;
        this.prompts = prompts;
        this.config = config;
        this.timers = new ScheduledThreadPoolExecutor(1, daemons("ivr-timers"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WORK_QUEUE), daemons("hotdesk-worker"));
    }

    @Override
    public void handle(FeatureCodeCall call) {
        Optional<HotdeskCode> code = HotdeskCode.parse(call.code());
        if (code.isEmpty()) {
            log.info("{} feature code not available (dialled on {})", call.leg(), call.device());
            call.leg().listener(FeatureCodeService.onEnd(end -> { }));
            call.leg().reject(404, "Feature code not available", List.of());
            return;
        }
        HotdeskCall.start(this, call, code.get(), media, prompts, config);
    }

    /** Feature-code calls in progress. */
    public int activeCalls() {
        return calls.size();
    }

    /** Stops the timer and worker threads; calls still running hear nothing more. Idempotent. */
    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                log.warn("hot-desk workers did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- for HotdeskCall

    DirectoryView view() {
        return hotdesk.view();
    }

    HotdeskOperations operations() {
        return operations;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ExecutorService workers() {
        return workers;
    }

    void started(HotdeskCall call) {
        calls.add(call);
    }

    void ended(HotdeskCall call) {
        calls.remove(call);
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
