/**
 * The player's own files: h5p-standalone, served from the project's node_modules (no network),
 * and the small bridge script the player page runs (player-bridge.iframe.js: browser code, read
 * here as text and served to the sandboxed iframe, never imported). Their URLs carry the
 * h5p-standalone version and the bridge's hash, so they can be cached for ever.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import bridgeSource from './player-bridge.iframe.js?raw';

const require = createRequire(import.meta.url);

/** The installed h5p-standalone version, e.g. "3.8.2". */
export const STANDALONE_VERSION: string = (require('h5p-standalone/package.json') as { version: string }).version;

/** URL prefix of the player's files. "trinh-phat" is a reserved package id, so no package shadows it. */
export const RUNTIME_BASE = `/h5p/trinh-phat/${STANDALONE_VERSION}`;

/** The bridge script's text (player-bridge.iframe.js). */
export const BRIDGE_SOURCE: string = bridgeSource;

/** The bridge's file name under RUNTIME_BASE, with its content hash. */
export const BRIDGE_FILE = `cau-noi-${createHash('sha256').update(bridgeSource).digest('hex').slice(0, 10)}.js`;

/** File types the player's own folder may serve (not its .d.ts or licence texts). */
export const RUNTIME_EXTENSIONS: ReadonlySet<string> = new Set(['js', 'css', 'woff', 'woff2', 'svg', 'gif']);

let distFolder: string | undefined;

/** h5p-standalone's dist/ folder (main.bundle.js, frame.bundle.js, styles/, fonts/, images/). */
export function standaloneDist(): string {
  distFolder ??= dirname(require.resolve('h5p-standalone'));
  return distFolder;
}
