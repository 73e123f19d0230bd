import { createApiClient, type ApiRequestError } from '../api/api-client.js';

/**
 * The app's one ApiClient instance. A 401 from any call means the session is
 * gone; listeners (the session store) take the app back to the login page.
 * The indirection keeps this module free of an import cycle with session.ts.
 */

type SessionLostListener = (error: ApiRequestError) => void;
const sessionLostListeners = new Set<SessionLostListener>();

export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export const api = createApiClient({
  onUnauthorized(error) {
    for (const listener of sessionLostListeners) listener(error);
  },
});
