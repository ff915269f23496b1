// The live event stream: WebSocket /api/v1/events, authenticated by the session cookie. Reconnects
// with exponential backoff and jitter; close code 4001 (missing or invalid session) ends it for good.
//
// 4003 (not a directory user) ends it for good too. 4008 (client too slow) reconnects like any drop.
//
// Listeners: onEvent(name, data), onStatus('connecting'|'open'|'closed'), onOpen(reconnected),
// onUnauthorized(). After a reconnect the caller reloads what events may have been missed.
//
// Colleagues' presence comes only for the users passed to follow(ids) (the colleagues on screen): the
// server then sends each change to its followers only, which keeps the fan-out small. The list is sent
// again after every reconnect.

export const UNAUTHORIZED_CLOSE = 4001;
/** The administrator's session: live events are for directory users. */
export const USER_ONLY_CLOSE = 4003;

export class EventSocket {
  constructor({ path = '/api/v1/events', minDelay = 500, maxDelay = 15000 } = {}) {
    this.path = path;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.attempt = 0;
    this.ws = null;
    this.timer = null;
    this.stopped = true;
    this.everOpened = false;
    this.followed = [];
    this.listeners = { event: new Set(), status: new Set(), open: new Set(), unauthorized: new Set() };
    this.onOnline = () => { if (!this.stopped && !this.ws) this.connectNow(); };
  }

  on(kind, listener) {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  emit(kind, ...args) {
    for (const l of this.listeners[kind]) {
      try { l(...args); } catch (e) { console.error('event listener failed', e); }
    }
  }

  /** Follows these colleagues' presence (replacing the previous list). */
  follow(ids) {
    const next = [...new Set(ids)].slice(0, 1000).sort((a, b) => a - b);
    if (next.length === this.followed.length && next.every((id, i) => id === this.followed[i])) return;
    this.followed = next;
    this.sendFollow();
  }

  sendFollow() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ action: 'subscribe', topic: 'presence', users: this.followed }));
    }
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    this.connectNow();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.timer);
    this.timer = null;
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onclose = null;
      ws.close(1000, 'signed out');
    }
    this.emit('status', 'closed');
  }

  connectNow() {
    clearTimeout(this.timer);
    this.timer = null;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(`${scheme}//${location.host}${this.path}`);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.emit('status', 'connecting');
    ws.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.emit('status', 'open');
      if (this.followed.length) this.sendFollow();
      this.emit('open', reconnected);
    };
    ws.onmessage = (message) => {
      let parsed;
      try { parsed = JSON.parse(message.data); } catch { return; }
      if (parsed && typeof parsed.event === 'string') this.emit('event', parsed.event, parsed.data || {});
    };
    ws.onclose = (close) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (close.code === UNAUTHORIZED_CLOSE || close.code === USER_ONLY_CLOSE) {
        this.stopped = true;
        this.emit('status', 'closed');
        if (close.code === UNAUTHORIZED_CLOSE) this.emit('unauthorized');
        return;
      }
      this.emit('status', 'connecting');
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const base = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * base / 2;
    this.attempt += 1;
    this.timer = setTimeout(() => this.connectNow(), delay);
  }
}
