package org.deskline.sip.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of one session: a queue of clips cut into 20 ms RTP packets, one per {@link Pacer}
 * slot.
 *
 * <p>Packets: 160 samples, padded with silence after the last clip of the queue; clips follow each
 * other without a gap, so digits read out back to back share packets. Sequence numbers go up by one
 * per packet sent; the timestamp goes up by 160 per slot since the previous packet sent, so it
 * follows the wall clock across pauses (RFC 3550 §5.1), and the first packet after a pause (or the
 * very first) carries the marker bit (RFC 3551 §4.1). SSRC, first sequence number and first
 * timestamp are random. Nothing is sent while the queue is empty, nor while the stream may not send
 * (on hold, recvonly, not negotiated yet): the queue then plays on unheard, so a prompt's future
 * completes on time either way.
 *
 * <p>Threading: {@link #enqueue}, {@link #stop}, {@link #close} run on any thread and take this
 * object's monitor for a few field updates; {@link #tick} runs on the pacer thread and holds the
 * monitor only while copying samples. The packet buffer and the RTP counters are confined to the
 * pacer thread, and one buffer is reused for every packet. Futures complete on the callback
 * executor, never on the pacer thread.
 */
final class Playout {
    static final int SAMPLES_PER_PACKET = 160;
    private static final int HEADER = 12;
    private static final Logger log = LoggerFactory.getLogger(Playout.class);

    private final String label;
    private final MediaSession session;
    private final DatagramChannel channel;
    private final Pacer pacer;
    private final Executor callbacks;

    private final ByteBuffer packet = ByteBuffer.allocate(HEADER + SAMPLES_PER_PACKET);
    private final byte[] bytes = packet.array();
    private final int ssrc;
    private int sequence;
    private int timestamp;
    private long lastSlot;
    private boolean sentAny;
    private boolean sendFailed;
    private final List<CompletableFuture<Void>> finished = new ArrayList<>(2);

    private final ArrayDeque<Item> queue = new ArrayDeque<>(4);
    private boolean scheduled;
    private boolean closed;

    Playout(String label, MediaSession session, DatagramChannel channel, Pacer pacer, Executor callbacks,
            int ssrc, int firstSequence, int firstTimestamp) {
        this.label = label;
        this.session = session;
        this.channel = channel;
        this.pacer = pacer;
        this.callbacks = callbacks;
        this.ssrc = ssrc;
        this.sequence = firstSequence;
        this.timestamp = firstTimestamp;
    }

    private static final class Item {
        private final Clip[] clips;
        private final boolean loop;
        private final CompletableFuture<Void> done;
        private int clip;
        private int offset;

        private Item(Clip[] clips, boolean loop, CompletableFuture<Void> done) {
            this.clips = clips;
            this.loop = loop;
            this.done = done;
        }
    }

    /** Appends clips to the queue; the future completes after their last packet went out. */
    CompletableFuture<Void> enqueue(Clip[] clips, boolean loop) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("media session closed"));
                return done;
            }
            queue.addLast(new Item(clips, loop, done));
            if (!scheduled) {
                scheduled = true;
                pacer.add(this);
            }
        }
        return done;
    }

    /** Empties the queue and cancels its futures. */
    void stop() {
        cancel(drain(false));
    }

    /** Empties the queue for good: later {@link #enqueue} calls fail. */
    void close() {
        cancel(drain(true));
    }

    /** Gives up after a bug on the pacer thread: fails every queued future with {@code cause}. */
    void abort(Throwable cause) {
        for (CompletableFuture<Void> f : drain(false)) {
            f.completeExceptionally(cause);
        }
    }

    /** One pacer slot at {@code slotNanos} (System.nanoTime time): sends at most one packet. */
    void tick(long slotNanos) {
        StreamParams params = session.params();
        InetSocketAddress target = params == null ? null : session.sendTarget(params);
        int filled;
        synchronized (this) {
            filled = fill();
            if (queue.isEmpty() && scheduled) {
                scheduled = false;
                pacer.remove(this);
            }
        }
        if (filled > 0 && target != null) {
            send(slotNanos, params, target, filled);
        }
        completeFinished();
    }

    private int fill() {
        int pos = 0;
        while (pos < SAMPLES_PER_PACKET) {
            Item item = queue.peekFirst();
            if (item == null) {
                break;
            }
            if (item.done.isDone()) {
                queue.pollFirst();
                continue;
            }
            if (item.clip == item.clips.length) {
                queue.pollFirst();
                finished.add(item.done);
                continue;
            }
            byte[] src = item.clips[item.clip].samples();
            int n = Math.min(SAMPLES_PER_PACKET - pos, src.length - item.offset);
            System.arraycopy(src, item.offset, bytes, HEADER + pos, n);
            pos += n;
            item.offset += n;
            if (item.offset == src.length) {
                item.offset = 0;
                item.clip++;
                if (item.clip == item.clips.length && item.loop) {
                    item.clip = 0;
                }
            }
        }
        Item head = queue.peekFirst();
        if (head != null && head.clip == head.clips.length) {
            queue.pollFirst();
            finished.add(head.done);
        }
        return pos;
    }

    private void send(long slotNanos, StreamParams params, InetSocketAddress target, int filled) {
        if (filled < SAMPLES_PER_PACKET) {
            Arrays.fill(bytes, HEADER + filled, HEADER + SAMPLES_PER_PACKET, G711.MU_SILENCE);
        }
        if (params.codec() == Codec.PCMA) {
            G711.muToAInPlace(bytes, HEADER, SAMPLES_PER_PACKET);
        }
        boolean marker;
        if (!sentAny) {
            sentAny = true;
            marker = true;
        } else {
            long slots = Math.max(1, Math.round((slotNanos - lastSlot) / (double) Pacer.PERIOD_NANOS));
            marker = slots > 1;
            sequence++;
            timestamp += (int) (slots * SAMPLES_PER_PACKET);
        }
        lastSlot = slotNanos;
        bytes[0] = (byte) 0x80;
        bytes[1] = (byte) ((marker ? 0x80 : 0) | params.audioPayloadType());
        bytes[2] = (byte) (sequence >>> 8);
        bytes[3] = (byte) sequence;
        bytes[4] = (byte) (timestamp >>> 24);
        bytes[5] = (byte) (timestamp >>> 16);
        bytes[6] = (byte) (timestamp >>> 8);
        bytes[7] = (byte) timestamp;
        bytes[8] = (byte) (ssrc >>> 24);
        bytes[9] = (byte) (ssrc >>> 16);
        bytes[10] = (byte) (ssrc >>> 8);
        bytes[11] = (byte) ssrc;
        packet.clear();
        try {
            channel.send(packet, target);
        } catch (ClosedChannelException e) {
            // the session closed while this slot ran; its queue is already empty
        } catch (IOException e) {
            if (!sendFailed) {
                sendFailed = true;
                log.warn("{}: cannot send RTP to {} (further failures not logged): {}", label, target, e.toString());
            }
        }
    }

    private List<CompletableFuture<Void>> drain(boolean close) {
        List<CompletableFuture<Void>> pending;
        synchronized (this) {
            if (close) {
                closed = true;
            }
            pending = new ArrayList<>(queue.size());
            for (Item item : queue) {
                pending.add(item.done);
            }
            queue.clear();
            if (scheduled) {
                scheduled = false;
                pacer.remove(this);
            }
        }
        return pending;
    }

    private static void cancel(List<CompletableFuture<Void>> futures) {
        for (CompletableFuture<Void> f : futures) {
            f.cancel(false);
        }
    }

    private void completeFinished() {
        if (finished.isEmpty()) {
            return;
        }
        for (CompletableFuture<Void> f : finished) {
            try {
                callbacks.execute(() -> f.complete(null));
            } catch (RejectedExecutionException e) {
                f.complete(null);
            }
        }
        finished.clear();
    }

    @Override
    public String toString() {
        return label;
    }
}
