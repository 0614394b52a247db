// `npm run lint`: the code's shape, checked the same way on every machine and in `npm test`.
// Prettier (formatting), ESLint (correctness and the layer rule in .astro files) and
// scripts/lint/architecture.mjs (layers and cycles). All three run; the exit code says if any failed.
import { spawnSync } from 'node:child_process';
import '../check-node.mjs';

const bin = (name) => `node_modules/${name}`;
const checks = [
  { name: 'Prettier', args: [bin('prettier/bin/prettier.cjs'), '--check', '--log-level=warn', '.'] },
  { name: 'ESLint', args: [bin('eslint/bin/eslint.js'), '--max-warnings=0', '.'] },
  { name: 'Kiến trúc (lớp và vòng phụ thuộc)', args: ['scripts/lint/architecture.mjs'] },
];

const failed = [];
for (const { name, args } of checks) {
  const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(
    `Kiểm tra mã không đạt: ${failed.join(', ')}. Sửa định dạng bằng \`npm run format\`; xem ARCHITECTURE.md về các lớp.`,
  );
  process.exit(1);
}
console.log('Kiểm tra mã: định dạng, ESLint và kiến trúc đều đạt.');
