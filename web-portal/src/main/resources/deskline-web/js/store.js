// One small observable store for the signed-in session: views subscribe to the slice they show and
// re-render it when it changes; REST answers and WebSocket events write to it through `update`.

export function createStore(initial) {
  let state = initial;
  const listeners = new Set();

  return {
    get: () => state,
    /** Shallow-merges `patch` (or the result of `patch(state)`) and notifies subscribers. */
    update(patch) {
      const next = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...next };
      for (const l of [...listeners]) {
        try { l(state); } catch (e) { console.error('store listener failed', e); }
      }
    },
    /**
     * Calls `listener(slice, state)` when `select(state)` changes (by identity), and once at once.
     * Returns the unsubscribe function.
     */
    watch(select, listener) {
      let last = select(state);
      const l = (s) => {
        const slice = select(s);
        if (slice !== last) {
          last = slice;
          listener(slice, s);
        }
      };
      listeners.add(l);
      listener(last, state);
      return () => listeners.delete(l);
    },
  };
}

export const initialState = () => ({
  role: null, // 'user' | 'admin'
  me: null, // the signed-in user (GET /users/me)
  admin: null, // { username } for the administrator
  calls: new Map(), // callId -> live call
  callLog: null, // finished calls, newest first (null until loaded)
  directory: new Map(), // userId -> { id, extension, name, presence }
  connection: 'closed', // event socket: 'connecting' | 'open' | 'closed'
  users: null, // admin: users list
  devices: null, // admin: devices list
});
