/**
 * Hands this build's hot path to scripts/serve.mjs: the server puts a receiver at a global symbol
 * while it loads a build and this module is evaluated (src/middleware.ts calls offerHotPath at load).
 * Without that receiver (astro dev, a server started with HOT_PATH=0) nothing happens and Astro
 * answers every request.
 */
import { handleHotRequest } from './handle.ts';

const RECEIVER = Symbol.for('hoc-lieu-so.hot-path');

export function offerHotPath(): void {
  const receive = (globalThis as { [RECEIVER]?: (handler: typeof handleHotRequest) => void })[RECEIVER];
  receive?.(handleHotRequest);
}
