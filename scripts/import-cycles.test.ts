// main/core has no import cycle, between files or between its folders (docs/architecture.md), and the
// checker that says so does find cycles where there are some.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cycleReport, cycles, folderGraph, importGraph } from './import-cycles';

const REPO = path.resolve(import.meta.dirname, '..');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-cycles-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(temp, 'tree-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('import cycles', () => {
  it('main/core has none, between files or between folders', () => {
    const report = cycleReport(path.join(REPO, 'main/core'));
    expect(report, report.join('\n\n')).toEqual([]);
    // It read the real tree: the engine's core has well over a hundred files in a dozen folders.
    const graph = importGraph(path.join(REPO, 'main/core'));
    expect(graph.files.length).toBeGreaterThan(100);
    expect(folderGraph(graph).size).toBeGreaterThan(10);
  });

  it('finds a cycle of files, type-only imports and index files included', () => {
    const root = tree({
      'a.ts': "import type { B } from './b';\nexport type A = B;\n",
      'b.ts': "import { c } from './c/index';\nexport type B = number;\nexport const b = c;\n",
      'c/index.ts': "export { a } from '../d';\nexport const c = 1;\n",
      'd.ts': "import type { A } from './a';\nimport { c } from './c';\nexport const a: A = c;\n",
      'e.ts': "import { b } from './b';\nexport const e = b;\n",
      'x.test.ts': "import { e } from './e';\nimport { b } from './b';\n",
    });
    const graph = importGraph(root);
    expect(graph.files).toEqual(['a.ts', 'b.ts', 'c/index.ts', 'd.ts', 'e.ts']);
    expect(cycles(graph.edges)).toEqual([['a.ts', 'b.ts', 'c/index.ts', 'd.ts']]);
    expect(cycleReport(root)[0]).toMatch(/^file cycle: a\.ts, b\.ts, c\/index\.ts, d\.ts\n {2}a\.ts → b\.ts/);
  });

  it('finds a cycle of folders that no pair of files closes', () => {
    const root = tree({
      'x/one.ts': "import { two } from '../y/two';\nexport const one = two;\n",
      'y/two.ts': 'export const two = 2;\n',
      'y/three.ts': "import { four } from '../x/four';\nexport const three = four;\n",
      'x/four.ts': 'export const four = 4;\n',
    });
    const graph = importGraph(root);
    expect(cycles(graph.edges)).toEqual([]);
    expect(cycles(folderGraph(graph))).toEqual([['x/', 'y/']]);
    expect(cycleReport(root)).toEqual(['folder cycle: x/, y/\n  x/one.ts → y/two.ts\n  y/three.ts → x/four.ts']);
  });
});
