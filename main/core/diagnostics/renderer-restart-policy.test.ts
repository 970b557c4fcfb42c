import { describe, expect, it } from 'vitest';
import { RendererRestartPolicy } from './renderer-restart-policy';

describe('RendererRestartPolicy', () => {
  it('reloads a crashed, killed or out-of-memory renderer at once', () => {
    const policy = new RendererRestartPolicy();
    expect(policy.decide('crashed', 0)).toEqual({ action: 'reload' });
    expect(policy.decide('killed', 1)).toEqual({ action: 'reload' });
    expect(policy.decide('oom', 2)).toEqual({ action: 'reload' });
  });

  it('ignores a clean exit (the window is closing) and does not count it', () => {
    const policy = new RendererRestartPolicy({ maxReloads: 1 });
    expect(policy.decide('clean-exit', 0)).toEqual({ action: 'ignore' });
    expect(policy.decide('crashed', 1)).toEqual({ action: 'reload' });
  });

  it('asks instead of reloading once the renderer died too often in the window', () => {
    const policy = new RendererRestartPolicy({ maxReloads: 3, windowMs: 60_000 });
    for (let t = 0; t < 3; t++) expect(policy.decide('crashed', t * 1000).action).toBe('reload');
    const fourth = policy.decide('abnormal-exit', 3000);
    expect(fourth.action).toBe('ask');
    expect(fourth.action === 'ask' && fourth.message).toMatch(/stopped 4 times within a minute \(last reason: abnormal-exit\)/);
    // Still asking while the earlier deaths are recent.
    expect(policy.decide('crashed', 10_000).action).toBe('ask');
  });

  it('forgets deaths older than the window', () => {
    const policy = new RendererRestartPolicy({ maxReloads: 2, windowMs: 10_000 });
    expect(policy.decide('crashed', 0).action).toBe('reload');
    expect(policy.decide('crashed', 5_000).action).toBe('reload');
    expect(policy.decide('crashed', 9_000).action).toBe('ask');
    expect(policy.decide('crashed', 15_001).action).toBe('reload');
  });

  it('starts afresh after the user chose to reload', () => {
    const policy = new RendererRestartPolicy({ maxReloads: 1 });
    expect(policy.decide('crashed', 0).action).toBe('reload');
    expect(policy.decide('crashed', 1).action).toBe('ask');
    policy.reset();
    expect(policy.decide('crashed', 2).action).toBe('reload');
  });

  it('never reloads a renderer that failed its integrity check', () => {
    const decision = new RendererRestartPolicy().decide('integrity-failure', 0);
    expect(decision.action).toBe('ask');
    expect(decision.action === 'ask' && decision.message).toMatch(/Reinstall/);
  });
});
