package org.deskline.core.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.persistence.WriteBehind;
import org.deskline.core.registration.RegisterRequest.Contact;
import org.deskline.core.registration.RegistrationStore.BindingKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location service: where each device can be reached, held in memory and written behind to the
 * database so that a restart keeps phones reachable.
 *
 * <p>Rules of RFC 3261 §10.3 steps 6–8 without SIP types: expiry chosen per contact (parameter, else
 * the Expires header, else the default), refused below the minimum, shortened to the maximum; expiry 0
 * removes; {@code *} removes everything; a request older than the stored one of the same Call-ID is
 * refused, while an equal CSeq is a retransmission and applied again. Past {@code maxContacts} the
 * oldest contact is dropped.
 *
 * <p>Threading: safe from any thread and never blocks; one device's bindings change atomically
 * ({@link ConcurrentHashMap#compute}), never under a global lock. Reads are lock-free. Database writes
 * are queued and applied in batches by one writer thread, which also drops expired bindings.
 */
public final class LocationService implements RegistrationStatus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);
    private static final int QUEUE_CAPACITY = 200_000;
    private static final int BATCH = 1_000;
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(15);
    private static final Object DELETED = new Object();

    private final Map<DeviceId, List<Binding>> byDevice = new ConcurrentHashMap<>();
    private final RegistrationPolicy policy;
    private final Clock clock;
    private final RegistrationStore store;
    private final Predicate<DeviceId> deviceExists;
    private WriteBehind<Object> writer;

    /**
     * @param deviceExists whether a device is still in the directory; bindings of deleted devices are
     *     dropped by the sweep
     */
    public LocationService(Jdbc jdbc, RegistrationPolicy policy, Clock clock, Predicate<DeviceId> deviceExists) {
        this.store = new RegistrationStore(jdbc);
        this.policy = policy;
        this.clock = clock;
        this.deviceExists = deviceExists;
    }

    /** Loads the live bindings from the database and starts the writer; call once, before SIP opens. */
    public void start() {
        Instant now = clock.instant();
        int removed = store.deleteExpired(now);
        Map<DeviceId, List<Binding>> loaded = new LinkedHashMap<>();
        for (Binding b : store.loadLive(now)) {
            if (deviceExists.test(b.deviceId())) {
                loaded.computeIfAbsent(b.deviceId(), d -> new ArrayList<>()).add(b);
            }
        }
        loaded.forEach((d, list) -> byDevice.put(d, List.copyOf(list)));
        writer = new WriteBehind<>("registrations", QUEUE_CAPACITY, BATCH, this::write, SWEEP_EVERY,
                this::sweepAndPurge);
        log.info("Registrations loaded: {} devices, {} contacts ({} expired removed)", byDevice.size(),
                loaded.values().stream().mapToInt(List::size).sum(), removed);
    }

    public RegistrationPolicy policy() {
        return policy;
    }

    /** Applies a REGISTER (or answers a query when it names no contact). */
    public RegisterOutcome register(RegisterRequest r) {
        Instant now = clock.instant();
        Long headerExpires = r.headerExpires();
        if (r.wildcard()) {
            if (!r.contacts().isEmpty() || headerExpires == null || headerExpires != 0) {
                return new RegisterOutcome.InvalidWildcard();
            }
        }
        for (Contact c : r.contacts()) {
            long e = requested(c, headerExpires);
            if (e != 0 && e < policy.minExpires().toSeconds()) {
                return new RegisterOutcome.IntervalTooBrief(policy.minExpires().toSeconds());
            }
        }
        Map<BindingKey, Object> persist = new LinkedHashMap<>();
        boolean[] outOfOrder = {false};
        List<Binding> after = byDevice.compute(r.device(), (device, current) -> {
            List<Binding> live = new ArrayList<>();
            if (current != null) {
                for (Binding b : current) {
                    if (b.isLiveAt(now)) {
                        live.add(b);
                    }
                }
            }
            for (Binding b : live) {
                if (b.callId().equals(r.callId()) && b.cseq() > r.cseq() && (r.wildcard() || named(r, b))) {
                    outOfOrder[0] = true;
                    return current;
                }
            }
            if (r.wildcard()) {
                live.forEach(b -> persist.put(BindingKey.of(b), DELETED));
                return null;
            }
            for (Contact c : r.contacts()) {
                long seconds = Math.min(requested(c, headerExpires), policy.maxExpires().toSeconds());
                int at = indexOf(live, c.uri());
                if (seconds == 0) {
                    if (at >= 0) {
                        persist.put(BindingKey.of(live.remove(at)), DELETED);
                    }
                    continue;
                }
                Instant expires = now.plusSeconds(seconds);
                Binding b = at >= 0
                        ? live.get(at).refreshed(r.callId(), r.cseq(), expires, r.received(), r.transport(), r.userAgent())
                        : new Binding(device, c.uri(), r.callId(), r.cseq(), now, expires, r.received(), r.transport(),
                                r.userAgent());
                if (at >= 0) {
                    live.set(at, b);
                } else {
                    live.add(b);
                }
                persist.put(BindingKey.of(b), b);
            }
            live.sort(Comparator.comparing(Binding::since));
            while (live.size() > policy.maxContacts()) {
                persist.put(BindingKey.of(live.remove(0)), DELETED);
            }
            return live.isEmpty() ? null : List.copyOf(live);
        });
        if (outOfOrder[0]) {
            return new RegisterOutcome.OutOfOrder();
        }
        persist.forEach((k, v) -> enqueue(v == DELETED ? k : v));
        return new RegisterOutcome.Accepted(after == null ? List.of() : after);
    }

    /** The device's live contacts, oldest first. */
    public List<Binding> bindings(DeviceId device) {
        List<Binding> all = byDevice.get(device);
        if (all == null) {
            return List.of();
        }
        Instant now = clock.instant();
        for (Binding b : all) {
            if (!b.isLiveAt(now)) {
                return all.stream().filter(x -> x.isLiveAt(now)).toList();
            }
        }
        return all;
    }

    /** The contact a call to the device rings: the most recently registered one. */
    public Optional<Binding> newest(DeviceId device) {
        List<Binding> live = bindings(device);
        return live.isEmpty() ? Optional.empty() : Optional.of(live.get(live.size() - 1));
    }

    @Override
    public boolean isRegistered(DeviceId device) {
        return !bindings(device).isEmpty();
    }

    /** Devices with at least one binding in memory (some may have just expired). */
    public int deviceCount() {
        return byDevice.size();
    }

    /** Drops expired bindings and those of deleted devices from memory; returns how many. */
    public int sweep() {
        Instant now = clock.instant();
        int[] removed = {0};
        for (DeviceId device : byDevice.keySet()) {
            byDevice.computeIfPresent(device, (d, list) -> {
                if (!deviceExists.test(d)) {
                    removed[0] += list.size();
                    return null;
                }
                List<Binding> live = list.stream().filter(b -> b.isLiveAt(now)).toList();
                removed[0] += list.size() - live.size();
                return live.isEmpty() ? null : live.size() == list.size() ? list : live;
            });
        }
        return removed[0];
    }

    /** Waits until every change queued so far is in the database; for tests and shutdown. */
    public void flush() {
        writer.flush();
    }

    private long requested(Contact c, Long headerExpires) {
        return c.expires() != null ? c.expires()
                : headerExpires != null ? headerExpires : policy.defaultExpires().toSeconds();
    }

    private static boolean named(RegisterRequest r, Binding b) {
        return r.contacts().stream().anyMatch(c -> c.uri().equals(b.contactUri()));
    }

    private static int indexOf(List<Binding> list, String uri) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).contactUri().equals(uri)) {
                return i;
            }
        }
        return -1;
    }

    private void enqueue(Object change) {
        writer.offer(change);
    }

    private void sweepAndPurge() {
        int removed = sweep();
        int purged = store.deleteExpired(clock.instant());
        if (removed > 0 || purged > 0) {
            log.debug("Expired registrations: {} in memory, {} rows", removed, purged);
        }
    }

    /** Writes one batch, the last change per binding winning; row by row if the batch fails. */
    private void write(List<Object> batch) {
        Map<BindingKey, Object> last = new LinkedHashMap<>();
        for (Object change : batch) {
            if (change instanceof Binding b) {
                last.put(BindingKey.of(b), b);
            } else {
                last.put((BindingKey) change, DELETED);
            }
        }
        try {
            apply(last);
        } catch (RuntimeException batchFailed) {
            for (Map.Entry<BindingKey, Object> e : last.entrySet()) {
                try {
                    apply(Map.of(e.getKey(), e.getValue()));
                } catch (RuntimeException rowFailed) {
                    log.warn("Registration of {} not persisted: {}", e.getKey().device(), rowFailed.getMessage());
                }
            }
        }
    }

    private void apply(Map<BindingKey, Object> changesByKey) {
        List<BindingKey> deleted = new ArrayList<>();
        List<Binding> upserted = new ArrayList<>();
        changesByKey.forEach((k, v) -> {
            if (v instanceof Binding b) {
                upserted.add(b);
            } else {
                deleted.add(k);
            }
        });
        store.apply(deleted, upserted);
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
