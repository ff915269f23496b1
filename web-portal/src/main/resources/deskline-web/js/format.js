// Words and numbers as the portal shows them.

export const PRESENCE = {
  available: 'Available',
  busy: 'Busy',
  away: 'Away',
  dnd: 'Do not disturb',
  on_call: 'On a call',
  offline: 'Offline',
};

export const presenceLabel = (state) => PRESENCE[state] || PRESENCE.offline;

export const MODES = {
  desk: 'Desk phone',
  telecommuter: 'Telecommuter',
  logged_out: 'Logged out',
};

export const CALL_STATES = {
  dialing: 'Dialling',
  ringing: 'Ringing',
  answered: 'Connected',
  ended: 'Ended',
};

export const END_REASONS = {
  hangup_local: 'You hung up',
  hangup_remote: 'They hung up',
  cancelled: 'Caller hung up',
  busy: 'Busy',
  no_answer: 'No answer',
  declined: 'Declined',
  unavailable: 'Not reachable',
  forbidden: 'Not allowed',
  not_found: 'Number not found',
  voicemail: 'Sent to voicemail',
  portal_hangup: 'Hung up from the portal',
  time_limit: 'Time limit reached',
  failed: 'Call failed',
};

/** Why a call ended, as its user sees it: a call given up before the answer is the caller's doing. */
export function endReasonLabel(call) {
  const r = call.endReason;
  if (r === 'cancelled' && !isIncoming(call)) return 'Cancelled';
  return END_REASONS[r] || (r ? r.replace(/_/g, ' ') : '');
}

/**
 * An incoming call: the user was the one called (the server says so: always for inbound, for internal
 * when a colleague called the user). Neither direction nor redirectedTo tells an internal call's side.
 */
export const isIncoming = (call) => call.incoming === true;

/** A call the user was offered and never answered (the server decides: incoming and unanswered). */
export const isMissed = (call) => call.missed === true;

/**
 * What redirectedTo means for this call: where an incoming call was sent instead of the desk phone
 * ("Redirected to +316…"), or the leg the user's own call went through (a click-to-call in telecommuter
 * mode rings the user's number first: "via +316…"). "" when there is none.
 */
export function routeText(call) {
  if (!call.redirectedTo) return '';
  return isIncoming(call) ? `Redirected to ${call.redirectedTo}` : `via ${call.redirectedTo}`;
}

export function durationText(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** "0:42" for a finished call, "" for an unanswered one. */
export function callDuration(call) {
  if (!call.answeredAt || !call.endedAt) return '';
  return durationText(Date.parse(call.endedAt) - Date.parse(call.answeredAt));
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });

/** "14:05" today, "Yesterday 14:05", else "Mon 3 Nov 14:05". */
export function whenText(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const now = new Date();
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const t = timeFmt.format(d);
  if (d >= startOfToday) return t;
  if (d >= new Date(startOfToday.getTime() - 86400000)) return `Yesterday ${t}`;
  return `${dayFmt.format(d)} ${t}`;
}

/** The other party as one line: "Bob Jansen (102)" or "+31 20 123 4567". */
export function peerText(call) {
  if (call.peerName && call.peerNumber) return `${call.peerName} (${call.peerNumber})`;
  return call.peerName || call.peerNumber || 'Unknown caller';
}

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}
