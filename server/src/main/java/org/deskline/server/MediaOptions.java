package org.deskline.server;

import org.deskline.core.directory.Language;
import org.deskline.sip.media.MediaConfig;

/**
 * The server's own media endpoint (prompts, tones, DTMF on calls it answers itself).
 *
 * @param rtpPortMin first port of the RTP range (even)
 * @param rtpPortMax last port of the RTP range
 * @param defaultLanguage prompt language for users who have none set
 */
public record MediaOptions(int rtpPortMin, int rtpPortMax, Language defaultLanguage) {
    public static MediaOptions defaults() {
        return new MediaOptions(MediaConfig.DEFAULT_PORT_MIN, MediaConfig.DEFAULT_PORT_MAX, Language.EN);
    }
}
