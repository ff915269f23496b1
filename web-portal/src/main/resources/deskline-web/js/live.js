// Keeps the store in step with the server: loads the user's state over REST, then applies the
// WebSocket events to it. After a reconnect everything an event could have changed is reloaded once.

import { api } from './api.js';

const ORDER = { dialing: 0, ringing: 1, answered: 2, ended: 3 };

/** {state, message} from whatever shape a presence arrives in. */
export function normalizePresence(p) {
  if (!p) return { state: 'offline', effective: 'offline', message: '', onCall: false };
  if (typeof p === 'string') return { state: p, effective: p, message: '', onCall: false };
  const state = p.state || 'offline';
  return { state, effective: p.effective || state, message: p.message || '', onCall: !!p.onCall };
}

/** Merges a call report, never letting a late report move a call backwards. */
export function mergeCall(calls, call) {
  if (!call || !call.callId) return calls;
  const known = calls.get(call.callId);
  if (known && (ORDER[known.state] ?? 0) > (ORDER[call.state] ?? 0)) return calls;
  const next = new Map(calls);
  next.set(call.callId, { ...known, ...call, seenAt: known?.seenAt || Date.now() });
  return next;
}

export function removeCall(calls, callId) {
  if (!calls.has(callId)) return calls;
  const next = new Map(calls);
  next.delete(callId);
  return next;
}

function withPresence(directory, id, presence) {
  const entry = directory.get(id);
  if (!entry) return directory;
  const next = new Map(directory);
  next.set(id, { ...entry, presence });
  return next;
}

export function createLive(store) {
  async function loadMe() {
    const me = await api.get('/users/me');
    store.update({ me });
  }

  async function loadCalls() {
    const list = await api.get('/users/me/calls');
    let calls = new Map();
    // Ended calls still shown stay until dismissed; live ones come from the server.
    for (const [id, c] of store.get().calls) if (c.state === 'ended') calls.set(id, c);
    for (const c of list || []) calls = mergeCall(calls, c);
    store.update({ calls });
  }

  async function loadDirectory(q = '') {
    const list = await api.get(`/directory?q=${encodeURIComponent(q)}`);
    const directory = new Map();
    for (const entry of list || []) directory.set(entry.id, { ...entry, presence: normalizePresence(entry.presence) });
    store.update({ directory, directoryQuery: q });
  }

  async function loadCallLog() {
    const page = await api.get('/users/me/call-log?limit=50');
    store.update({ callLog: (Array.isArray(page) ? page : page?.calls) || [] });
  }

  function onCall(call) {
    const s = store.get();
    const patch = { calls: mergeCall(s.calls, call) };
    if (call.state === 'ended' && s.callLog) {
      patch.callLog = [call, ...s.callLog.filter((c) => c.callId !== call.callId)];
    }
    store.update(patch);
  }

  function onPresence(data) {
    const s = store.get();
    const id = data.userId ?? data.id;
    const presence = normalizePresence(data.presence ?? data);
    const patch = { directory: withPresence(s.directory, id, presence) };
    if (s.me && (id === s.me.id || (data.extension && data.extension === s.me.extension))) {
      patch.me = { ...s.me, presence };
    }
    store.update(patch);
  }

  function onMode(data) {
    const s = store.get();
    if (s.me && data && data.mode) {
      const me = { ...s.me, mode: data.mode };
      if ('deviceId' in data) me.deviceId = data.deviceId;
      if ('deviceName' in data) me.deviceName = data.deviceName;
      if (data.telecommuterNumber !== undefined) me.telecommuter = { ...me.telecommuter, number: data.telecommuterNumber };
      store.update({ me });
    }
    // The event may not carry every detail (the device's name): read the user once more.
    loadMe().catch(() => {});
  }

  const handlers = {
    call_created: onCall,
    call_ringing: onCall,
    call_answered: onCall,
    call_ended: onCall,
    presence_changed: onPresence,
    mode_changed: onMode,
    hotdesk_login: () => loadMe().catch(() => {}),
    hotdesk_logout: () => loadMe().catch(() => {}),
  };

  return {
    loadMe,
    loadCalls,
    loadDirectory,
    loadCallLog,
    onCall,
    handle(name, data) {
      const handler = handlers[name];
      if (handler) handler(data);
    },
    /** After (re)connecting: reload whatever events may have been missed. */
    async resync() {
      const s = store.get();
      const tasks = [loadMe(), loadCalls()];
      if (s.directory.size || s.directoryQuery !== undefined) tasks.push(loadDirectory(s.directoryQuery || ''));
      if (s.callLog) tasks.push(loadCallLog());
      await Promise.allSettled(tasks);
    },
  };
}
