// CI runs `npm test` only, so this runs `npm run dist:check` (its module) there: electron-builder.yml
// against electron-builder's schema and the per-target rules, the fuses, the policy schema and sample,
// and a real `electron-builder --linux dir` packaging (stub runtime) whose file list is inspected.
import { describe, expect, it } from 'vitest';
import { runDistCheck } from '../../scripts/dist-check';
import { REPO_ROOT } from '../support/temp-home';

describe('npm run dist:check', () => {
  it('passes: config, targets, fuses, policy and the packaged file list', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    const result = await runDistCheck({ root: REPO_ROOT, say: (line) => lines.push(line) });
    const problems = result.checks.flatMap((c) => c.problems.map((p) => `${c.name}: ${p}`));
    expect(problems, lines.join('\n')).toEqual([]);
    expect(result.checks.map((c) => c.name)).toEqual([
      'electron-builder.yml: electron-builder schema',
      'electron-builder.yml: required fields per target',
      'electron-builder.yml: Electron fuses',
      'policy: schema, sample policy, JSON Schema for IT',
      'packaged file list (electron-builder --linux dir)',
    ]);
    expect(lines.join('\n')).toMatch(/app\.asar: \d+ entries/);
  });
});
