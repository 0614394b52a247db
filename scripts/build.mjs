// `npm run build`: checks content (inside astro build), builds the site, then the search index,
// then the precompressed .br/.gz copies of its files (scripts/precompress.mjs).
import { execFileSync } from 'node:child_process';
import './check-node.mjs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit', env: process.env });
run(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build']);
run(process.execPath, ['scripts/build-search-index.ts']);
run(process.execPath, ['scripts/precompress.mjs', 'dist/client']);
