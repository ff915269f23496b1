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
  failed: 'Call failed',
};

export const endReasonLabel = (r) => END_REASONS[r] || (r ? r.replace(/_/g, ' ') : '');

const MISSED_REASONS = new Set(['cancelled', 'no_answer', 'voicemail', 'busy']);

/**
 * An incoming call: the user was called (inbound, or internal with the user as callee: the number dialled
 * was their extension). redirectedTo alone says nothing: a click-to-call the user places in telecommuter
 * mode names the number it calls them back on.
 */
export function isIncoming(call, me) {
  if (call.direction === 'inbound') return true;
  if (call.direction === 'outbound') return false;
  if (typeof call.incoming === 'boolean') return call.incoming;
  if (me && call.dialedNumber) return call.dialedNumber === me.extension;
  return !!call.redirectedTo;
}

/** A call the user was offered and never answered. */
export function isMissed(call, me) {
  if (typeof call.missed === 'boolean') return call.missed;
  return isIncoming(call, me) && !call.answeredAt && MISSED_REASONS.has(call.endReason);
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
