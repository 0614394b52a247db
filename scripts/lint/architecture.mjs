// `npm run lint:deps`: the module rules of .dependency-cruiser.cjs, then cycles between domain
// folders, which dependency-cruiser does not check (its folder rules count every folder level).
// A domain is a folder under src/lib/ or src/lib/server/; db/schema and src/schemas are one each.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs');
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'db', 'scripts', 'bench'];
const { output } = await cruise(roots, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } });

let failures = 0;
for (const violation of output.summary.violations) {
  failures += 1;
  const path = violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name ?? step)] : [violation.from, violation.to];
  console.log(`✖ ${violation.rule.name}: ${path.join(' → ')}`);
}

/** The domain a module belongs to, or null for modules outside the layered code. */
export function domainOf(source) {
  let match = /^src\/lib\/server\/([^/]+)\//.exec(source);
  if (match) return `src/lib/server/${match[1]}`;
  match = /^src\/lib\/(?!server\/)([^/]+)\//.exec(source);
  if (match) return `src/lib/${match[1]}`;
  if (/^db\/schema\//.test(source)) return 'db/schema';
  if (/^src\/schemas\//.test(source)) return 'src/schemas';
  // Loose files (src/lib/format.ts, src/lib/server/db.ts) are each their own node.
  if (/^(src\/lib|db)\//.test(source)) return source;
  return null;
}

const edges = new Map();
for (const module of output.modules) {
  const from = domainOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = domainOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one domain is a cycle.
let index = 0;
const indices = new Map();
const lowLinks = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function connect(node) {
  indices.set(node, index);
  lowLinks.set(node, index);
  index += 1;
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!indices.has(next)) {
      connect(next);
      lowLinks.set(node, Math.min(lowLinks.get(node), lowLinks.get(next)));
    } else if (onStack.has(next)) lowLinks.set(node, Math.min(lowLinks.get(node), indices.get(next)));
  }
  if (lowLinks.get(node) === indices.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const node of edges.keys()) if (!indices.has(node)) connect(node);

for (const component of components) {
  failures += 1;
  console.log(`✖ domain-cycle: ${component.join(' ⇄ ')}`);
  for (const from of component)
    for (const [to, example] of edges.get(from) ?? []) if (component.includes(to)) console.log(`    ${example}`);
}

const domains = new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets.keys()])]);
console.log(
  `${output.summary.totalCruised} modules, ${output.summary.totalDependenciesCruised} imports, ${domains.size} domains: ` +
    (failures === 0 ? 'no layer violation, no cycle.' : `${failures} problems.`),
);
process.exit(failures === 0 ? 0 : 1);
