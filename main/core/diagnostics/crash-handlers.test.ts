import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../log';
import { installCrashHandlers, lazyCrashLogger } from './crash-handlers';

function recorder() {
  const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (message, fields) => lines.push({ message, fields }),
  };
  return { lines, log };
}

describe('crash handlers', () => {
  it('logs an uncaught exception before the host exits', () => {
    const emitter = new EventEmitter();
    const { lines, log } = recorder();
    const order: string[] = [];
    installCrashHandlers({ process: emitter as unknown as NodeJS.Process, log: () => (order.push('log'), log), onFatal: () => order.push('exit'), rejectionIsFatal: true });
    emitter.emit('uncaughtException', new TypeError('boom'), 'uncaughtException');
    expect(order).toEqual(['log', 'exit']);
    expect(lines[0]).toEqual({
      message: 'crash: uncaught exception',
      fields: { origin: 'uncaughtException', error: expect.objectContaining({ name: 'TypeError', message: 'boom', stack: expect.stringContaining('boom') }) },
    });
  });

  it('treats an unhandled rejection as fatal or not, as the host chooses', () => {
    for (const fatal of [true, false]) {
      const emitter = new EventEmitter();
      const { lines, log } = recorder();
      let exited = false;
      const uninstall = installCrashHandlers({ process: emitter as unknown as NodeJS.Process, log: () => log, onFatal: () => (exited = true), rejectionIsFatal: fatal });
      emitter.emit('unhandledRejection', 'plain reason');
      expect(exited).toBe(fatal);
      expect(lines[0]?.fields?.error).toEqual({ name: 'string', message: 'plain reason' });
      uninstall();
      expect(emitter.listenerCount('unhandledRejection')).toBe(0);
    }
  });

  it('writes to the data folder log lazily, and stays silent where it cannot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-crash-'));
    const get = lazyCrashLogger(() => dir);
    expect(fs.existsSync(path.join(dir, 'logs'))).toBe(false);
    get().error('crash: uncaught exception', { error: { message: 'secretAccessKey=abcdefghijkl' } });
    const text = fs.readFileSync(path.join(dir, 'logs', 'fieldtape.log'), 'utf8');
    expect(text).toContain('crash: uncaught exception');
    expect(text).not.toContain('abcdefghijkl');
    const blocked = path.join(dir, 'file');
    fs.writeFileSync(blocked, '');
    expect(() => lazyCrashLogger(() => blocked)().error('x')).not.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
