/**
 * Feature codes dialled on phones: the hot-desk codes {@code *35}, {@code *35*<ext>} and
 * {@code *35*<ext>*<PIN>}, answered by the server with spoken prompts and DTMF.
 *
 * <ul>
 * <li>{@link org.deskline.sip.featurecode.FeatureCodes}: the
 *     {@link org.deskline.sip.routing.FeatureCodeService} the composition root installs; owns the
 *     timer thread and the workers.
 * <li>{@code HotdeskCall}: one call; binds the leg, the media session and the worker to the IVR.
 * <li>{@code HotdeskIvr}: the dialogue as a state machine (states and transitions in its comment).
 * <li>{@code HotdeskOperations}: PIN check, login and logout over the core's
 *     {@link org.deskline.core.hotdesk.HotdeskService}, which holds the rules.
 * </ul>
 *
 * <p>The three codes (our reading of the seed: "here" means the phone that dialled):
 * <pre>
 *  *35, nobody on the phone                       *35, a user on the phone
 *  phone             Deskline                     phone             Deskline
 *   | INVITE *35       |                           | INVITE *35       |
 *   |----------------->|                           |----------------->|
 *   | 200 (SDP), ACK   |                           | 200 (SDP), ACK   |
 *   |<---------------->|                           |<---------------->|
 *   |<= "enter your extension"                     |                  | logout (worker), owner fallback
 *   |= 2 0 0 1 # =====>|                           |<= "logged out", "goodbye"
 *   |<= "enter your PIN"                           | BYE              |
 *   |= 1 2 3 4 # =====>| PIN check + login (worker)|<-----------------|
 *   |<= "logged in as 2 0 0 1", "goodbye"
 *   | BYE              |
 *   |<-----------------|
 *
 *  *35*2001, 2001 not here                        *35*2001, 2001 here
 *   | INVITE *35*2001  |                           | INVITE *35*2001  |
 *   |----------------->|                           |----------------->|
 *   | 200 (SDP), ACK   |                           | 200 (SDP), ACK   |
 *   |<---------------->|                           |<---------------->|
 *   |<= "enter your PIN"                           |                  | logout (worker)
 *   |= 1 2 3 4 # =====>| PIN check + login:        |<= "logged out", "goodbye"
 *   |                  | moves 2001 here, or       | BYE              |
 *   |                  | replaces the user here    |<-----------------|
 *   |<= "logged in as 2 0 0 1", "goodbye"
 *   | BYE              |
 *   |<-----------------|
 *
 *  *35*2001*1234, 2001 not here                   *35*2001*1234, 2001 here
 *   | INVITE *35*2001*1234                         | INVITE *35*2001*1234
 *   |----------------->|                           |----------------->|
 *   | 200 (SDP), ACK   | PIN check + login         | 200 (SDP), ACK   | logout (the PIN is not checked)
 *   |<---------------->|                           |<---------------->|
 *   |<= "logged in as 2 0 0 1", "goodbye"          |<= "logged out", "goodbye"
 *   | BYE              |                           | BYE              |
 *   |<-----------------|                           |<-----------------|
 *
 *  wrong PIN or unknown extension (alike)         phone without hot desking; user without
 *   |= 9 9 9 9 # =====>| PIN check: wrong          permission (after a right PIN); locked
 *   |<= "wrong PIN", "enter your PIN"              |<= "not allowed", "goodbye"
 *   |   (for *35: "enter your extension")          | BYE              |
 *   |   ... the third wrong entry:                 |<-----------------|
 *   |<= "wrong PIN", "goodbye", BYE
 * </pre>
 *
 * <p>Keys come as RFC 4733 events on RTP or as SIP INFO ({@code application/dtmf-relay},
 * {@code application/dtmf}); {@code #} ends an entry, a key during a prompt stops it (barge-in).
 * Keys and PINs are never logged. Threading: see {@code HotdeskCall}.
 */
package org.deskline.sip.featurecode;
