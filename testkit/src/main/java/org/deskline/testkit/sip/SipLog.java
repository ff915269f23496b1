package org.deskline.testkit.sip;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.testkit.Await;

/**
 * Every SIP message a {@link SipPhone} saw: received messages as they came off the wire (before the
 * stack filtered retransmissions), sent messages as the phone handed them to the stack. Messages
 * the stack generates on its own (100 Trying, ACK for a non-2xx, retransmissions) are not listed.
 * Thread-safe; waiters are woken on every new entry.
 */
public final class SipLog {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int FULL_MESSAGES_IN_DUMP = 12;

    private final String owner;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Integer> claimed = new HashSet<>();

    public enum Direction {
        IN("<--"), OUT("-->");

        private final String arrow;

        Direction(String arrow) {
            this.arrow = arrow;
        }

        public String arrow() {
            return arrow;
        }
    }

    /**
     * One message.
     *
     * @param peer      the remote host:port (for sent requests, the Request-URI host when no better is known)
     * @param message   a copy taken when the message was logged
     */
    public record Entry(int index, long nanos, Instant time, Direction direction, String peer, String transport,
                        Message message) {
        public boolean isRequest() {
            return message instanceof Request;
        }

        public Optional<Request> request() {
            return message instanceof Request ? Optional.of((Request) message) : Optional.empty();
        }

        public Optional<Response> response() {
            return message instanceof Response ? Optional.of((Response) message) : Optional.empty();
        }

        /** The request method, or for a response the CSeq method. */
        public String method() {
            if (message instanceof Request) {
                return ((Request) message).getMethod();
            }
            CSeqHeader cseq = (CSeqHeader) message.getHeader(CSeqHeader.NAME);
            return cseq == null ? "?" : cseq.getMethod();
        }

        /** The status code of a response, 0 for a request. */
        public int status() {
            return message instanceof Response ? ((Response) message).getStatusCode() : 0;
        }

        public String callId() {
            CallIdHeader id = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
            return id == null ? "" : id.getCallId();
        }

        public String firstLine() {
            String text = message.toString();
            int eol = text.indexOf('\r');
            return eol < 0 ? text : text.substring(0, eol);
        }

        /** {@code 12:00:01.234 --> INVITE sip:bob@127.0.0.1:5080 SIP/2.0 (udp 127.0.0.1:5080) cseq INVITE call-id} */
        public String summary() {
            CSeqHeader cseq = (CSeqHeader) message.getHeader(CSeqHeader.NAME);
            return LocalTime.ofInstant(time, ZoneId.systemDefault()).format(CLOCK) + " " + direction.arrow() + " "
                    + firstLine() + "  [" + transport + " " + peer + ", CSeq "
                    + (cseq == null ? "?" : cseq.getSeqNumber() + " " + cseq.getMethod()) + ", Call-ID "
                    + callId() + "]";
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    public SipLog(String owner) {
        this.owner = owner;
    }

    void add(Direction direction, Message message, String peer, String transport) {
        Message copy = (Message) message.clone();
        synchronized (this) {
            entries.add(new Entry(entries.size(), System.nanoTime(), Instant.now(), direction, peer,
                    transport == null ? "?" : transport.toLowerCase(java.util.Locale.ROOT), copy));
            notifyAll();
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Entry> find(Predicate<Entry> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** Received requests of {@code method}, in order. */
    public List<Request> receivedRequests(String method) {
        return find(e -> e.direction() == Direction.IN && e.isRequest() && e.method().equals(method))
                .stream().map(e -> (Request) e.message()).toList();
    }

    /** Waits for the first entry (old or new) matching {@code filter}, without claiming it. */
    public Entry await(String what, Predicate<Entry> filter, Duration timeout) {
        return Await.value(timeout, what, () -> {
            synchronized (this) {
                return entries.stream().filter(filter).findFirst();
            }
        }, this::dump, this);
    }

    /**
     * Waits for the first matching entry not claimed before, and claims it: successive calls return
     * successive matches ("the next NOTIFY").
     */
    public Entry awaitNext(String what, Predicate<Entry> filter, Duration timeout) {
        return Await.value(timeout, what, () -> {
            synchronized (this) {
                Optional<Entry> next = entries.stream().filter(e -> !claimed.contains(e.index())).filter(filter)
                        .findFirst();
                next.ifPresent(e -> claimed.add(e.index()));
                return next;
            }
        }, this::dump, this);
    }

    /**
     * Asserts that no entry matching {@code filter} exists now or arrives during {@code period}
     * (a bounded wait for an absence, e.g. "no CANCEL before a provisional").
     */
    public void assertAbsent(String what, Predicate<Entry> filter, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Entry> hit = entries.stream().filter(filter).findFirst();
                if (hit.isPresent()) {
                    throw new AssertionError("Expected " + what + " but saw " + hit.get().summary() + "\n" + dump());
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while checking " + what, e);
                }
            }
        }
    }

    /** One summary line per message, then the full text of the last few. */
    public String dump() {
        List<Entry> all = entries();
        StringBuilder b = new StringBuilder("SIP messages seen by ").append(owner).append(" (")
                .append(all.size()).append("):\n");
        for (Entry e : all) {
            b.append("  ").append(e.summary()).append('\n');
        }
        int from = Math.max(0, all.size() - FULL_MESSAGES_IN_DUMP);
        if (!all.isEmpty()) {
            b.append("Last ").append(all.size() - from).append(" in full:\n");
        }
        for (Entry e : all.subList(from, all.size())) {
            b.append("---- #").append(e.index()).append(' ').append(e.direction().arrow()).append(' ')
                    .append(e.transport()).append(' ').append(e.peer()).append('\n')
                    .append(e.message().toString().replace("\r\n", "\n"));
            if (b.charAt(b.length() - 1) != '\n') {
                b.append('\n');
            }
        }
        return b.toString();
    }

    public synchronized int size() {
        return entries.size();
    }

}
