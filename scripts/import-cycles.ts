// The import graph of a source folder, read with the TypeScript compiler's own resolution (so `import type`,
// re-exports and index files count exactly as tsc sees them), and its cycles: between files, and between
// the folders directly under it (a file at its top is a node of its own). main/core must have none of
// either (docs/architecture.md); main/core/architecture.test.ts checks it in every test run, and
// `npm run check:cycles` prints the cycles of any folder: `npm run check:cycles -- main/core/delivery`.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** Source files under the root (tests excluded), as paths relative to it. */
  files: string[];
  /** file → the files under the root it imports. */
  edges: Map<string, Set<string>>;
}

const SOURCE = /\.(ts|tsx)$/;
const TEST = /\.test\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && !TEST.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

export function importGraph(root: string): ImportGraph {
  const absRoot = path.resolve(root);
  const files = sourceFiles(absRoot).sort();
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, jsx: ts.JsxEmit.ReactJSX };
  const host = ts.createCompilerHost(options);
  const edges = new Map<string, Set<string>>();
  const rel = (file: string) => path.relative(absRoot, file).split(path.sep).join('/');
  for (const file of files) {
    const targets = new Set<string>();
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      const resolved = ts.resolveModuleName(ref.fileName, file, options, host).resolvedModule?.resolvedFileName;
      if (!resolved || resolved.includes(`${path.sep}node_modules${path.sep}`)) continue;
      const target = path.resolve(resolved);
      if (target.startsWith(absRoot + path.sep) && target !== file) targets.add(rel(target));
    }
    edges.set(rel(file), targets);
  }
  return { files: files.map(rel), edges };
}

/** The folder a file belongs to for the folder graph: its first path segment, or the file itself at the top. */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : `${file.slice(0, slash)}/`;
}

/** The graph between folders: an edge wherever a file of one imports a file of another. */
export function folderGraph(graph: ImportGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of graph.files) out.set(folderOf(file), out.get(folderOf(file)) ?? new Set());
  for (const [file, targets] of graph.edges) {
    for (const target of targets) if (folderOf(target) !== folderOf(file)) out.get(folderOf(file))!.add(folderOf(target));
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan), each sorted: the cycles of the graph. */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!indices.has(node)) visit(node);
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Which imports tie a cycle's members together, for a message a person can act on. */
export function describeCycle(members: string[], edges: Map<string, Set<string>>, graph?: ImportGraph): string[] {
  const inCycle = new Set(members);
  const lines: string[] = [];
  if (!graph) {
    for (const from of members) for (const to of edges.get(from) ?? []) if (inCycle.has(to)) lines.push(`${from} → ${to}`);
    return lines;
  }
  // Folder cycle: name the files behind each folder-to-folder edge.
  for (const [file, targets] of graph.edges) {
    for (const target of targets) {
      if (inCycle.has(folderOf(file)) && inCycle.has(folderOf(target)) && folderOf(file) !== folderOf(target)) lines.push(`${file} → ${target}`);
    }
  }
  return lines.sort();
}

/** Every cycle under `root`, in words; empty when there is none. */
export function cycleReport(root: string): string[] {
  const graph = importGraph(root);
  const report: string[] = [];
  for (const members of cycles(graph.edges)) report.push(`file cycle: ${members.join(', ')}\n  ${describeCycle(members, graph.edges).join('\n  ')}`);
  const folders = folderGraph(graph);
  for (const members of cycles(folders)) report.push(`folder cycle: ${members.join(', ')}\n  ${describeCycle(members, folders, graph).join('\n  ')}`);
  return report;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const root = process.argv[2] ?? 'main/core';
  const report = cycleReport(root);
  const graph = importGraph(root);
  if (report.length === 0) {
    console.log(`${root}: no import cycle between its ${graph.files.length} files or between its ${folderGraph(graph).size} folders.`);
  } else {
    console.error(`${root}: ${report.length} import cycle(s). Each line names an import that closes it; move what both sides need below them, or invert the dependency.\n\n${report.join('\n\n')}`);
    process.exit(1);
  }
}
