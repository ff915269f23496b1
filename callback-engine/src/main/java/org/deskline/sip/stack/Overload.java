package org.deskline.sip.stack;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload control: how many received datagrams wait for a JAIN-SIP thread. Above the limit, new
 * requests are refused with 503 and Retry-After instead of queueing without bound, because a backlog
 * only grows once clients start retransmitting.
 *
 * <p>The stack keeps that queue in a protected field; it is read once by reflection at start, and
 * only its size is read afterwards (a constant-time read of {@code LinkedBlockingQueue}). If the field
 * cannot be read the control is off, which is logged.
 *
 * <p>Threading: safe from any thread.
 */
public final class Overload {
    private static final Logger log = LoggerFactory.getLogger(Overload.class);

    private final int limit;
    private final List<Collection<?>> queues = new ArrayList<>();
    private final AtomicLong shed = new AtomicLong();

    public Overload(int limit) {
        this.limit = limit;
    }

    /** Finds the UDP receive queues of a started stack. */
    public void attach(SipStack stack) {
        try {
            Field f = UDPMessageProcessor.class.getDeclaredField("messageQueue");
            f.setAccessible(true);
            var points = stack.getListeningPoints();
            while (points.hasNext()) {
                MessageProcessor p = ((ListeningPointImpl) points.next()).getMessageProcessor();
                if (p instanceof UDPMessageProcessor udp) {
                    queues.add((Collection<?>) f.get(udp));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SIP overload control off: cannot read the stack's receive queue ({})", e.toString());
        }
    }

    public int queueDepth() {
        int n = 0;
        for (Collection<?> q : queues) {
            n += q.size();
        }
        return n;
    }

    /** True when a new request should be refused now; counts it. */
    public boolean shouldShed() {
        if (limit <= 0 || queueDepth() <= limit) {
            return false;
        }
        long n = shed.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            log.warn("SIP overload: {} waiting messages, {} new requests refused with 503 so far", queueDepth(), n);
        }
        return true;
    }

    public long shedCount() {
        return shed.get();
    }
}
