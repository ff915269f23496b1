package org.deskline.sip.leg;

/**
 * Finds a leg from any message of its dialog: the Call-ID and the tag this server chose (the To-tag of
 * requests the peer sends, the From-tag of responses to requests we send). Our tags are random, so the
 * pair is unique even where a peer reuses Call-IDs.
 */
public record LegKey(String callId, String localTag) {
}
