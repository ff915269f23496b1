package org.deskline.sip.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call the server answers itself (feature-code prompts, the telecommuter's
 * "connecting" prompt and ringback): one RTP port, the SDP for it, prompt playback and key input.
 * Obtained from {@link MediaEndpoint#openSession()}; {@link #close()} it when the call ends.
 *
 * <p>Offer/answer, one exchange at a time (RFC 3264): either {@link #answer(String)} the peer's
 * offer (INVITE with SDP, or a re-INVITE such as hold), or {@link #createOffer()} and later
 * {@link #acceptAnswer(String)} (INVITE without SDP, third-party call control). States:
 * {@code IDLE -> ACTIVE} by an answer or an accepted answer, {@code -> OFFER_SENT} by our offer,
 * {@code -> CLOSED} by close; an offer arriving while ours is outstanding is refused with 491, and
 * so is an answer when no offer of ours is outstanding.
 *
 * <p>Playback: {@link #play(List)} and {@link #playLoop(Tone)} append to one queue played without
 * gaps; see {@link Playout} for the RTP details. Audio queued before the first exchange, or while
 * the peer holds the call, plays on unheard rather than waiting.
 *
 * <p>Keys: RFC 4733 events from the peer (see {@link RtpReceiver} for latching and
 * {@link DtmfDetector} for the once-per-key rule) and keys from SIP INFO passed to
 * {@link #injectDtmf(char)} reach the one listener set with {@link #onDtmf(Consumer)}.
 *
 * <p>Threading: every method is safe from any thread and none blocks; a SIP stack thread may call
 * them. The DTMF listener always runs on the endpoint's single receive thread, shared by all
 * sessions, one key at a time: it must return quickly and never block, so hand the key to the
 * call's own executor or serial queue. Playback futures complete on the endpoint's callback
 * executor.
 */
public final class MediaSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

    private enum Negotiation { IDLE, OFFER_SENT, ACTIVE, CLOSED }

    private final String label;
    private final MediaEndpoint endpoint;
    private final Reactor reactor;
    private final PortAllocator allocator;
    private final Executor callbacks;
    private final DatagramChannel channel;
    private final int port;
    private final InetAddress advertise;
    private final long sdpSessionId;
    private final Playout playout;
    private final RtpReceiver receiver;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private final Object lock = new Object();
    private Negotiation state = Negotiation.IDLE;
    private Negotiation stateBeforeOffer;
    private Sdp pendingOffer;
    private long sdpVersion;
    private volatile StreamParams params;

    MediaSession(long id, MediaEndpoint endpoint, Reactor reactor, Pacer pacer, PortAllocator allocator,
                 Executor callbacks, DatagramChannel channel, int port, InetAddress advertise, long sdpSessionId,
                 int ssrc, int firstSequence, int firstTimestamp) {
        this.label = "media-" + id + ":" + port;
        this.endpoint = endpoint;
        this.reactor = reactor;
        this.allocator = allocator;
        this.callbacks = callbacks;
        this.channel = channel;
        this.port = port;
        this.advertise = advertise;
        this.sdpSessionId = sdpSessionId;
        this.playout = new Playout(label, this, channel, pacer, callbacks, ssrc, firstSequence, firstTimestamp);
        this.receiver = new RtpReceiver(label, this, channel);
    }

    /**
     * Answers the peer's offer and applies it: codec, peer address, direction. May be called again
     * for each re-INVITE offer (hold, resume, new address).
     *
     * @return our answer SDP
     * @throws SdpException MALFORMED (400) or NOT_ACCEPTABLE (488) for an unusable offer, which
     *     leaves the session as it was; OUT_OF_ORDER (491) while our own offer is outstanding
     * @throws IllegalStateException once closed
     */
    public String answer(String remoteOfferSdp) {
        Sdp offer = Sdp.parse(remoteOfferSdp);
        synchronized (lock) {
            requireOpen("answer");
            if (state == Negotiation.OFFER_SENT) {
                throw new SdpException(SdpException.Kind.OUT_OF_ORDER, "an offer arrived while ours awaits its answer");
            }
            OfferAnswer.Outcome outcome = OfferAnswer.answer(offer, local(sdpVersion + 1));
            sdpVersion++;
            apply(outcome.params());
            transition(Negotiation.ACTIVE, "answer");
            return outcome.sdp().format();
        }
    }

    /**
     * Our offer: PCMU, PCMA and telephone-event, sendrecv. The answer goes to
     * {@link #acceptAnswer(String)}; until then the previous settings (if any) stay in force.
     *
     * @throws SdpException OUT_OF_ORDER (491) if an offer of ours is already outstanding
     * @throws IllegalStateException once closed
     */
    public String createOffer() {
        synchronized (lock) {
            requireOpen("createOffer");
            if (state == Negotiation.OFFER_SENT) {
                throw new SdpException(SdpException.Kind.OUT_OF_ORDER, "our previous offer still awaits its answer");
            }
            Sdp offer = OfferAnswer.offer(local(sdpVersion + 1));
            sdpVersion++;
            pendingOffer = offer;
            stateBeforeOffer = state;
            transition(Negotiation.OFFER_SENT, "createOffer");
            return offer.format();
        }
    }

    /**
     * Applies the peer's answer to our outstanding offer. Whether it succeeds or not, the offer is
     * no longer outstanding; on failure the settings from before the offer stay in force, and the
     * caller ends the call (an answer arrives in a 200 or an ACK, which cannot be refused).
     *
     * @throws SdpException MALFORMED or NOT_ACCEPTABLE for an unusable answer; OUT_OF_ORDER if
     *     no offer of ours is outstanding
     * @throws IllegalStateException once closed
     */
    public void acceptAnswer(String remoteAnswerSdp) {
        synchronized (lock) {
            requireOpen("acceptAnswer");
            if (state != Negotiation.OFFER_SENT) {
                throw new SdpException(SdpException.Kind.OUT_OF_ORDER, "no offer of ours awaits an answer");
            }
            Sdp offer = pendingOffer;
            pendingOffer = null;
            try {
                apply(OfferAnswer.acceptAnswer(offer, Sdp.parse(remoteAnswerSdp)));
                transition(Negotiation.ACTIVE, "acceptAnswer");
            } catch (SdpException e) {
                transition(stateBeforeOffer, "acceptAnswer refused");
                throw e;
            }
        }
    }

    /**
     * Appends {@code clips} to the playback queue.
     *
     * @return completes normally once the last of these clips has been sent; cancelled by
     *     {@link #stopPlayback()} or {@link #close()}; failed if the session is already closed.
     *     Cancelling it skips these clips (the rest of the queue plays on).
     */
    public CompletableFuture<Void> play(List<Clip> clips) {
        Clip[] array = clips.toArray(new Clip[0]);
        for (Clip c : array) {
            Objects.requireNonNull(c, "clip");
        }
        return playout.enqueue(array, false);
    }

    /**
     * Appends {@code tone}, repeated until {@link #stopPlayback()} or {@link #close()}, to the
     * playback queue; clips queued after it never play until then.
     *
     * @return never completes normally; cancelled when the tone is stopped
     */
    public CompletableFuture<Void> playLoop(Tone tone) {
        return playout.enqueue(new Clip[] {tone.cycle()}, true);
    }

    /** Stops playback now and empties the queue, cancelling the futures of everything in it. */
    public void stopPlayback() {
        playout.stop();
    }

    /**
     * Sets the one listener for keys (0-9, *, #, A-D), replacing any earlier one; null removes it.
     * It runs on the endpoint's receive thread and must not block: see the class comment.
     */
    public void onDtmf(Consumer<Character> listener) {
        receiver.listener(listener);
    }

    /**
     * Reports a key that arrived by other means than RTP (SIP INFO, see {@link DtmfRelay}) to the
     * DTMF listener, on the receive thread like RTP keys. Injected keys keep their order among
     * themselves; against RTP keys arriving at the same moment the order is undefined, as it is
     * on the network. Ignored once the session or endpoint is closed.
     *
     * @throws IllegalArgumentException if {@code key} is not one of 0-9 * # A-D (a-d accepted)
     */
    public void injectDtmf(char key) {
        char normalised = DtmfRelay.normalise(key)
                .orElseThrow(() -> new IllegalArgumentException("not a DTMF key: '" + key + "'"));
        synchronized (lock) {
            if (state == Negotiation.CLOSED) {
                return;
            }
        }
        reactor.execute(() -> receiver.deliver(normalised));
    }

    /**
     * Where our RTP goes: the source of the peer's packets once one arrived (symmetric RTP), else
     * the address in its SDP. Empty before the first exchange and while the peer's SDP gives a hold
     * address.
     */
    public Optional<InetSocketAddress> remoteAddress() {
        StreamParams p = params;
        if (p == null) {
            return Optional.empty();
        }
        InetSocketAddress l = receiver.latched();
        return Optional.ofNullable(l != null ? l : p.remote());
    }

    /** The local RTP port, as advertised in our SDP. */
    public int localPort() {
        return port;
    }

    /**
     * Stops playback, cancels its futures, and releases the socket and port. Returns at once; the
     * port is free again when {@link #closeFuture()} completes. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == Negotiation.CLOSED) {
                return;
            }
            pendingOffer = null;
            transition(Negotiation.CLOSED, "close");
        }
        playout.close();
        receiver.listener(null);
        if (!reactor.execute(() -> reactor.closeChannel(channel, this::released))) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("{}: closing the RTP channel failed", label, e);
            }
            released();
        }
    }

    /** Completes, on the callback executor, once {@link #close()} has closed the socket and freed the port. */
    public CompletableFuture<Void> closeFuture() {
        return closed.copy();
    }

    @Override
    public String toString() {
        return label;
    }

    StreamParams params() {
        return params;
    }

    /** Where the next packet goes under {@code p}, or null if it may not be sent. */
    InetSocketAddress sendTarget(StreamParams p) {
        if (!p.direction().sends()) {
            return null;
        }
        InetSocketAddress l = receiver.latched();
        return l != null ? l : p.remote();
    }

    RtpReceiver receiver() {
        return receiver;
    }

    DatagramChannel channel() {
        return channel;
    }

    private void apply(StreamParams next) {
        StreamParams previous = params;
        if (previous == null || !Objects.equals(previous.remote(), next.remote())) {
            receiver.resetLatch();
        }
        params = next;
        log.debug("{}: {} pt {}, events pt {}, remote {}, {}", label, next.codec(), next.audioPayloadType(),
                next.eventPayloadType(), next.remote(), next.direction().attribute());
    }

    private OfferAnswer.Local local(long version) {
        return new OfferAnswer.Local(advertise, port, sdpSessionId, version);
    }

    private void requireOpen(String event) {
        if (state == Negotiation.CLOSED) {
            throw new IllegalStateException(label + ": " + event + " on a closed media session");
        }
    }

    private void transition(Negotiation to, String event) {
        log.debug("{}: {} -> {} -> {}", label, state, event, to);
        state = to;
    }

    private void released() {
        allocator.release(port);
        endpoint.forget(this);
        try {
            callbacks.execute(() -> closed.complete(null));
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
    }
}
