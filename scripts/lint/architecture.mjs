// `npm run lint:deps`: the module rules of .dependency-cruiser.cjs, then cycles between domain
// folders, which dependency-cruiser does not check (its folder rules count every folder level).
// A domain is a folder under src/lib/ or src/lib/server/; db/schema and src/schemas are one each.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs');

/**
 * Every layer violation and every cycle (between files, and between domains) among the modules
 * under `roots`, read from `baseDir`. Each problem is one line of text, with example imports.
 */
export async function checkArchitecture({ roots = ['src', 'db', 'scripts', 'bench'], baseDir = process.cwd() } = {}) {
  const { output } = await cruise(roots, {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const problems = output.summary.violations.map((violation) => {
    const path = violation.cycle
      ? [violation.from, ...violation.cycle.map((step) => step.name ?? step)]
      : [violation.from, violation.to];
    return { rule: violation.rule.name, text: path.join(' → '), examples: [] };
  });
  const { cycles, domainCount } = domainCycles(output.modules);
  problems.push(...cycles);
  return {
    problems,
    modules: output.summary.totalCruised,
    imports: output.summary.totalDependenciesCruised,
    domains: domainCount,
  };
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

/** Strongly connected components of the graph of domains: each one of two or more is a cycle. */
function domainCycles(modules) {
  const edges = new Map();
  for (const module of modules) {
    const from = domainOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = domainOf(dependency.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
    }
  }

  // Tarjan's algorithm.
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

  const cycles = components.map((component) => ({
    rule: 'domain-cycle',
    text: component.join(' ⇄ '),
    examples: component.flatMap((from) =>
      [...(edges.get(from) ?? [])].filter(([to]) => component.includes(to)).map(([, example]) => example),
    ),
  }));
  const domains = new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets.keys()])]);
  return { cycles, domainCount: domains.size };
}

if (import.meta.main) {
  const roots = process.argv.slice(2);
  const result = await checkArchitecture(roots.length > 0 ? { roots } : {});
  for (const { rule, text, examples } of result.problems) {
    console.log(`✖ ${rule}: ${text}`);
    for (const example of examples) console.log(`    ${example}`);
  }
  console.log(
    `${result.modules} modules, ${result.imports} imports, ${result.domains} domains: ` +
      (result.problems.length === 0 ? 'no layer violation, no cycle.' : `${result.problems.length} problems.`),
  );
  process.exit(result.problems.length === 0 ? 0 : 1);
}
