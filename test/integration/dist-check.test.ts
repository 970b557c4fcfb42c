// CI runs `npm test` only, so this runs `npm run dist:check` (its module) there: electron-builder.yml
// against electron-builder's schema and the per-target rules, the fuses, the policy schema and sample,
// and a real `electron-builder --linux dir` packaging (stub runtime) whose file list is inspected.
import { describe, expect, it } from 'vitest';
import { checkPublish, runDistCheck, type Check } from '../../scripts/dist-check';
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
      'electron-builder.yml: update feed (publish → app-update.yml)',
      'policy: schema, sample policy, JSON Schema for IT',
      'packaged file list (electron-builder --linux dir)',
    ]);
    expect(lines.join('\n')).toMatch(/app\.asar: \d+ entries/);
    expect(lines.join('\n')).toMatch(/app-update\.yml: placeholder feed, publisher Fieldtape contributors/);
  });

  it('refuses a publish block with an http feed, without a pinned publisher, or with signature checks off', () => {
    const problems = (config: Parameters<typeof checkPublish>[0]) => {
      const c: Check = { name: 'publish', problems: [], notes: [] };
      checkPublish(config, c);
      return c.problems;
    };
    expect(problems({ publish: { provider: 'generic', url: 'https://updates.acme.example/ft', publisherName: ['CN=Acme'] } })).toEqual([]);
    expect(problems({ publish: { provider: 'generic', url: 'http://updates.acme.example/ft', publisherName: ['CN=Acme'] } })).toEqual([
      'publish.url is http://, not https: updates are fetched only over https',
    ]);
    expect(problems({ publish: { provider: 'generic', url: 'https://updates.acme.example/ft' } })).toEqual([expect.stringMatching(/^publish\.publisherName must list/)]);
    expect(problems({ publish: { provider: 'generic', url: 'https://u.example/ft', publisherName: ['CN=Acme'] }, win: { verifyUpdateCodeSignature: false } })).toEqual([
      expect.stringMatching(/^win\.verifyUpdateCodeSignature must not be false/),
    ]);
    expect(problems({})).toEqual([expect.stringMatching(/^publish must be one object/)]);
  });
});
