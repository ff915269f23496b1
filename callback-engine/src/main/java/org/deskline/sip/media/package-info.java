/**
 * The server's own RTP endpoint, for calls it answers itself: feature-code prompts (hot-desk
 * login and logout), the telecommuter's "connecting" prompt and ringback. No JAIN-SIP here: the
 * SIP layer hands SDP in and out as text and maps {@link org.deskline.sip.media.SdpException}
 * to its response (400, 488, 491).
 *
 * <p>Typical use by a feature-code call:
 * <pre>{@code
 * MediaSession media = endpoint.openSession();             // 503 on MediaPortsExhaustedException
 * String answer = media.answer(inviteSdp);                   // 488 on SdpException
 * media.onDtmf(key -> call.executor().execute(() -> call.onKey(key)));   // hand off: never block
 * media.play(List.of(prompts.clip(lang, Prompt.ENTER_EXTENSION)));
 * ...
 * media.close();                                             // on BYE
 * }</pre>
 *
 * <p>Threads: two for the whole endpoint, however many sessions. The pacer sends one packet per
 * playing session every 20 ms on an absolute grid; the receive thread runs one selector over all
 * sessions' non-blocking sockets and calls the DTMF listeners. Playback futures complete on a
 * callback executor. Session methods never block and are safe from any thread.
 *
 * <p>Choices worth knowing:
 * <ul>
 * <li>Silence: when nothing is queued, nothing is sent (no comfort noise, which would need
 *     RFC 3389 negotiated, and no stream of silence packets). Hundreds of sessions waiting for
 *     keys then cost nothing; RFC 3551 allows it, and the next prompt starts with the marker bit
 *     and a timestamp that followed the wall clock. The phone's own RTP keeps its NAT binding
 *     open. A peer that hangs up after some seconds without RTP would be the exception to check.
 * <li>Symmetric RTP: we send to the source of the first valid packet received (see
 *     {@code RtpReceiver}), so phones behind NAT hear prompts.
 * <li>Tones follow the European plan (425 Hz); see {@link org.deskline.sip.media.Tone}.
 * <li>Prompts are stored once, in mu-law, and transcoded per packet for PCMA calls.
 * <li>We send 20 ms packets whatever {@code a=ptime} the peer asks for; no RTCP is sent or read.
 * </ul>
 */
package org.deskline.sip.media;
