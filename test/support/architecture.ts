/**
 * crisp's architecture rules (docs/ARCHITECTURE.md §2), checked by reading every
 * import under harness/ and lab/. Colocated *.test.ts files are not part of the
 * shipped module graph and are not judged. Folders are judged at the top level
 * under harness/ (checks/network counts as checks/), and lab/ as one folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import statement (or dynamic import) as written in a file. */
export interface ImportEdge {
  /** Path of the importing file, relative to the root, with `/` separators. */
  file: string;
  line: number;
  specifier: string;
  typeOnly: boolean;
  /** Named bindings (`{ a, b as c }` → a, b), for rules on what may be taken from a module. */
  names: string[];
}

const STATIC = /^(import|export)\s[^;]*?\sfrom\s+(['"])([^'"]+)\2/gms;
const SIDE_EFFECT = /^import\s+(['"])([^'"]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g;

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Every import of one file's text. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(STATIC)) {
    const statement = match[0];
    const braces = /\{([^}]*)\}/.exec(statement)?.[1] ?? '';
    const specifiers = braces
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const typeOnly = /^(import|export)\s+type\s/.test(statement) || (specifiers.length > 0 && specifiers.every((part) => part.startsWith('type ')));
    const names = specifiers.map((part) =>
      part
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim(),
    );
    edges.push({ file, line: lineAt(text, match.index), specifier: match[3]!, typeOnly, names });
  }
  for (const match of text.matchAll(SIDE_EFFECT)) edges.push({ file, line: lineAt(text, match.index), specifier: match[2]!, typeOnly: false, names: [] });
  for (const match of text.matchAll(DYNAMIC)) edges.push({ file, line: lineAt(text, match.index), specifier: match[2]!, typeOnly: false, names: [] });
  return edges;
}

/** Source files (not tests) under a folder, relative to the root with `/` separators. */
function sourceFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(join(root, folder));
  return found.sort();
}

/** The folder a root-relative path belongs to: `harness/<top folder>`, `lab`, a file directly under harness/, or outside. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'lab') return 'lab';
  if (parts[0] === 'harness') return parts.length > 2 ? `harness/${parts[1]}` : path;
  return 'outside';
}

/** A broken rule, located in the importing file. */
export interface Violation {
  file: string;
  line: number;
  rule: string;
}

const short = (folder: string) => folder.replace(/^harness\//, '') + (folder.endsWith('.ts') ? '' : '/');

/** Folders whose modules must stay pure: they import nothing of crisp's but themselves and model/. */
const PURE = ['harness/model', 'harness/policy', 'harness/net', 'harness/stats'];
/** What checks/ may never import. */
const NOT_FROM_CHECKS = ['harness/collect', 'harness/probe', 'harness/estate', 'harness/engine', 'harness/commands', 'harness/report', 'lab'];
/** What report/ may never import. */
const NOT_FROM_REPORT = ['harness/collect', 'harness/probe', 'harness/estate', 'harness/engine', 'harness/commands'];
/** Where the AWS SDK may be called (value imports); model/ may import its types. */
const SDK_CALLERS = ['harness/collect', 'harness/estate', 'harness/probe'];
/** Pure functions a pure folder may take from node:net (no sockets). */
const PURE_NODE_NET = new Set(['BlockList', 'isIP', 'isIPv4', 'isIPv6']);

const isSdk = (specifier: string) => specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/');

/** Judges one edge against the folder rules; returns the rule it breaks, if any. */
function judge(edge: ImportEdge, from: string, to: string | undefined): string | undefined {
  const { specifier } = edge;
  if (to !== undefined) {
    if (from === 'harness/checks' && NOT_FROM_CHECKS.includes(to)) return `checks/ may not import ${short(to)} (${specifier})`;
    if (from === 'harness/report' && NOT_FROM_REPORT.includes(to)) return `report/ may not import ${short(to)} (${specifier})`;
    if (from.startsWith('harness') && from !== 'harness/commands' && to === 'lab')
      return `${short(from)} may not import lab/: only commands/ starts the lab, through lab/index.ts (${specifier})`;
    if (from === 'harness/commands' && to === 'lab' && !/\/lab\/index\.ts$/.test(specifier))
      return `commands/ may import the lab only through lab/index.ts (${specifier})`;
    if (PURE.includes(from) && to !== from && to !== 'harness/model') {
      const allowedPackageJson = from === 'harness/model' && /\/package\.json$/.test(specifier);
      if (!allowedPackageJson) return `${short(from)} is pure and may import only itself and model/ (${specifier})`;
    }
    return undefined;
  }
  // A package or a Node.js built-in.
  if (PURE.includes(from)) {
    if (from === 'harness/model' && isSdk(specifier)) return edge.typeOnly ? undefined : `model/ may import only types from the AWS SDK (${specifier})`;
    if (specifier === 'node:net' && edge.names.length > 0 && edge.names.every((name) => PURE_NODE_NET.has(name))) return undefined;
    return `${short(from)} is pure and may import no package (${specifier})${isSdk(specifier) ? '; take SDK shapes from model/aws-shapes.ts' : ''}`;
  }
  if (from.startsWith('harness') && isSdk(specifier) && !SDK_CALLERS.includes(from)) {
    return `${short(from)} may not import the AWS SDK: SDK calls live in collect/, estate/ and probe/ (${specifier})${edge.typeOnly ? '; take shapes from model/aws-shapes.ts' : ''}`;
  }
  return undefined;
}

/** Strongly connected groups of folders with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    indexes.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexes.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexes.get(next)!));
    }
    if (low.get(node) === indexes.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexes.has(node)) visit(node);
  return groups;
}

/** Every rule broken under `root` (a checkout, or a fixture tree shaped like one). */
export function architectureViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, Set<string>>();
  const example = new Map<string, ImportEdge>();
  for (const file of [...sourceFiles(root, 'harness'), ...sourceFiles(root, 'lab')]) {
    const from = folderOf(file);
    for (const edge of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      const relativeImport = edge.specifier.startsWith('.');
      const to = relativeImport
        ? folderOf(
            relative(root, resolve(root, dirname(file), edge.specifier))
              .split(sep)
              .join('/'),
          )
        : undefined;
      const broken = judge(edge, from, to);
      if (broken) violations.push({ file, line: edge.line, rule: broken });
      if (to && to !== from && to !== 'outside') {
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)!.add(to);
        if (!example.has(`${from}→${to}`)) example.set(`${from}→${to}`, edge);
      }
    }
  }
  for (const group of cycles(graph)) {
    const members = new Set(group);
    const edges = [...example.entries()].filter(([key]) => {
      const [a, b] = key.split('→');
      return members.has(a!) && members.has(b!);
    });
    const [, first] = edges[0]!;
    violations.push({
      file: first.file,
      line: first.line,
      rule: `import cycle between ${group.map(short).join(', ')}: ${edges.map(([key, edge]) => `${key.split('→').map(short).join(' → ')} at ${edge.file}:${edge.line}`).join('; ')}`,
    });
  }
  return violations;
}
