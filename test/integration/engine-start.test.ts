// The engine owns start-up for every host: a host hands it its power events, and the engine's start()
// listens to them (once) and pulls waiting deliveries forward when the machine wakes.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadPolicy } from '../../main/core/config/policy';
import { createEngine, type Engine } from '../../main/engine';
import { makeTempHome } from '../support/temp-home';

const homes: Array<{ cleanup(): void }> = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.close();
  homes.forEach((h) => h.cleanup());
});

describe('engine start-up', () => {
  it('listens to the host power events once, and a resume nudges waiting deliveries', async () => {
    const home = makeTempHome('fieldtape-start-');
    homes.push(home);
    const listeners: Array<() => void> = [];
    const engine = createEngine({ dataDir: home.dir, host: 'web', policy: loadPolicy({ sources: [], env: {} }), power: { onResume: (listener) => listeners.push(listener) }, delivery: { autoStart: false } });
    engines.push(engine);
    expect(listeners).toHaveLength(0); // nothing before start: a host that never starts the engine is not woken
    await engine.start();
    await engine.start();
    expect(listeners).toHaveLength(1);
    const nudge = vi.spyOn(engine.deliveries, 'nudge');
    listeners[0]!();
    expect(nudge).toHaveBeenCalledWith('wake');
  });
});
