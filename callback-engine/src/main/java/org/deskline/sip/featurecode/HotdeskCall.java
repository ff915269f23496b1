package org.deskline.sip.featurecode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.User;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.InDialogRequest;
import org.deskline.sip.leg.LegEnd;
import org.deskline.sip.leg.LegListener;
import org.deskline.sip.media.Clip;
import org.deskline.sip.media.DtmfRelay;
import org.deskline.sip.media.MediaEndpoint;
import org.deskline.sip.media.MediaSession;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.media.SdpException;
import org.deskline.sip.routing.FeatureCodeCall;
import org.deskline.sip.routing.FeatureCodeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code *35} call: binds the phone's {@link CallLeg}, a {@link MediaSession} and the worker to a
 * {@link HotdeskIvr}. It answers the INVITE with the media session's SDP (or, for an INVITE without
 * SDP, offers in the 200 and takes the answer from the ACK), feeds keys from RTP (RFC 4733) and from
 * SIP INFO ({@code application/dtmf-relay}, {@code application/dtmf}, answered 200) to the IVR,
 * answers re-INVITE and UPDATE (hold, new address) from the media session, and closes the media
 * session when the call ends, whoever ends it.
 *
 * <pre>
 *  phone                         Deskline (HotdeskCall)                    worker
 *    | INVITE sip:*35*2001@       |                                           |
 *    |--------------------------->| 100 Trying (routing), media session open  |
 *    | 200 OK (our SDP)           |                                           |
 *    |<---------------------------|                                           |
 *    | ACK                        |                                           |
 *    |--------------------------->| IVR: confirmed -> PROMPTING               |
 *    |<=== RTP "enter your PIN" ==|                                           |
 *    |=== RTP DTMF 1 2 3 4 # ===>|  (or INFO dtmf-relay, each answered 200)  |
 *    |                            | CHECKING: checkPin + login --------------->|
 *    |                            |<--------------------------- LoggedIn(user) |
 *    |<=== "logged in as 2 0 0 1", "goodbye" (CONFIRMING, GOODBYE)             |
 *    | BYE                        |                                           |
 *    |<---------------------------| media session closed                      |
 *    | 200 OK                     |                                           |
 *    |--------------------------->|                                           |
 * </pre>
 *
 * <p>Threading: everything runs on the leg's executor. Keys arrive on the media receive thread,
 * playback completions on the media callback executor, timers on the service's timer thread and
 * worker results on a worker: each is handed to the leg's executor before it touches the IVR.
 * Nothing here blocks.
 */
final class HotdeskCall implements LegListener, HotdeskIvr.Port {
    private static final Logger log = LoggerFactory.getLogger(HotdeskCall.class);

    private final FeatureCodes service;
    private final CallLeg leg;
    private final Executor executor;
    private final DeviceId device;
    private final User onPhone;
    private final MediaSession media;
    private final HotdeskIvr ivr;
    private boolean offerInAck;
    private boolean offerInModifyAck;

    private HotdeskCall(FeatureCodes service, FeatureCodeCall call, HotdeskCode code, MediaSession media,
            PromptLibrary prompts, FeatureCodeConfig config, boolean phoneAllowsHotdesk) {
        this.service = service;
        this.leg = call.leg();
        this.executor = leg.executor();
        this.device = call.device();
        this.onPhone = call.userOnDevice().orElse(null);
        this.media = media;
        this.ivr = new HotdeskIvr(leg + " " + device, this, prompts, config, code, phoneAllowsHotdesk, onPhone);
    }

    /**
     * Takes over {@code call}'s leg (on its executor): answers it, or refuses it with 503 when no RTP
     * port is free and with 400/488 when its SDP is unusable.
     */
    static void start(FeatureCodes service, FeatureCodeCall call, HotdeskCode code, MediaEndpoint endpoint,
            PromptLibrary prompts, FeatureCodeConfig config) {
        CallLeg leg = call.leg();
        MediaSession media;
        try {
            media = endpoint.openSession();
        } catch (RuntimeException e) {
            log.warn("{} {}: no media session: {}", leg, code, e.getMessage());
            leg.listener(FeatureCodeService.onEnd(end -> { }));
            leg.reject(503, "No media port free", List.of());
            return;
        }
        boolean allows = service.view().device(call.device()).map(Device::hotdeskEnabled).orElse(false);
        HotdeskCall c = new HotdeskCall(service, call, code, media, prompts, config, allows);
        c.answer();
    }

    private void answer() {
        Body offer = leg.offer();
        String sdp;
        try {
            if (offer == null) {
                sdp = media.createOffer();
                offerInAck = true;
            } else {
                sdp = media.answer(new String(offer.content(), StandardCharsets.US_ASCII));
            }
        } catch (SdpException e) {
            log.info("{} unusable SDP offer: {}", leg, e.getMessage());
            media.close();
            leg.listener(FeatureCodeService.onEnd(end -> { }));
            leg.reject(e.status(), e.title(), List.of());
            return;
        }
        service.started(this);
        leg.listener(this);
        media.onDtmf(key -> executor.execute(() -> ivr.key(key)));
        leg.answer(sdpBody(sdp));
    }

    // ---- leg events (on the leg's executor)

    @Override
    public void onConfirmed(CallLeg l, Body body) {
        if (offerInAck) {
            offerInAck = false;
            if (!acceptAnswer(body)) {
                hangup();
                return;
            }
        }
        ivr.confirmed();
    }

    @Override
    public void onRequest(CallLeg l, InDialogRequest request) {
        switch (request.method()) {
            case "INFO" -> info(request);
            case "INVITE", "UPDATE" -> modify(request);
            default -> request.respond(501, "Not Implemented", null);
        }
    }

    @Override
    public void onModifyAck(CallLeg l, Body body) {
        if (offerInModifyAck) {
            offerInModifyAck = false;
            if (!acceptAnswer(body)) {
                hangup();
            }
        }
    }

    @Override
    public void onEnded(CallLeg l, LegEnd end) {
        ivr.hangup();
        media.close();
        service.ended(this);
    }

    private void info(InDialogRequest request) {
        Body body = request.body();
        Optional<Character> key = body == null ? Optional.empty()
                : DtmfRelay.parse(body.type() + "/" + body.subType(), new String(body.content(), StandardCharsets.UTF_8));
        if (key.isEmpty()) {
            request.respond(415, "Unsupported Media Type", null);
            return;
        }
        request.respond(200, null, null);
        media.injectDtmf(key.get());
    }

    private void modify(InDialogRequest request) {
        Body offer = request.body();
        try {
            if (offer != null && offer.isSdp()) {
                request.respond(200, null, sdpBody(media.answer(new String(offer.content(), StandardCharsets.US_ASCII))));
            } else if (offer == null && "INVITE".equals(request.method())) {
                String ours = media.createOffer();
                offerInModifyAck = true;
                request.respond(200, null, sdpBody(ours));
            } else if (offer == null) {
                request.respond(200, null, null);
            } else {
                request.respond(415, "Unsupported Media Type", null);
            }
        } catch (SdpException e) {
            request.respond(e.status(), e.title(), null);
        }
    }

    private boolean acceptAnswer(Body body) {
        if (body == null) {
            log.info("{} no SDP answer in the ACK: hanging up", leg);
            return false;
        }
        try {
            media.acceptAnswer(new String(body.content(), StandardCharsets.US_ASCII));
            return true;
        } catch (SdpException e) {
            log.info("{} unusable SDP answer: {}", leg, e.getMessage());
            return false;
        }
    }

    // ---- the IVR's port (called on the leg's executor)

    @Override
    public void play(List<Clip> clips, Runnable finished) {
        media.play(clips).thenRun(() -> executor.execute(finished));
    }

    @Override
    public void stopPlayback() {
        media.stopPlayback();
    }

    @Override
    public HotdeskIvr.Timer schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> f = service.timers().schedule(() -> executor.execute(task), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public void login(String extension, String pin, Consumer<HotdeskOutcome> result) {
        work(() -> service.operations().login(device, extension, pin), result);
    }

    @Override
    public void logout(Consumer<HotdeskOutcome> result) {
        work(() -> service.operations().logout(device, onPhone), result);
    }

    @Override
    public void hangup() {
        leg.hangup();
        media.close();
    }

    private void work(Supplier<HotdeskOutcome> task, Consumer<HotdeskOutcome> result) {
        try {
            service.workers().execute(() -> {
                HotdeskOutcome outcome = task.get();
                executor.execute(() -> result.accept(outcome));
            });
        } catch (RejectedExecutionException e) {
            log.warn("{} hot-desk workers saturated", leg);
            executor.execute(() -> result.accept(new HotdeskOutcome.Failed("workers saturated")));
        }
    }

    private static Body sdpBody(String sdp) {
        return new Body("application", "sdp", sdp.getBytes(StandardCharsets.US_ASCII));
    }

}
