// Fails early, with a clear message, when npm scripts run on a Node older than Astro 7 needs.
// The project pins Node 24 as a devDependency, so `npm install` puts it first on the PATH of npm scripts.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Học Liệu Số cần Node ≥ 22.12 (đang chạy ${process.version}).\n` +
      'Hãy chạy qua npm (npm start, npm test): dự án tự cài Node 24 trong node_modules/.bin khi chạy `npm install`.',
  );
  process.exit(1);
}
