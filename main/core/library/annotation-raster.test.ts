import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Stroke } from '../../../shared/domain/annotation';
import { createRaster, drawMarks, encodePng } from './annotation-raster';

const mark = (tool: Stroke['tool'], points: Array<[number, number]>): Stroke => ({
  id: tool, author: 'ada', tile: 'ada:camera', tool, color: '#ff0000', width: 0.08, points, fade: false, at: 0,
});

describe('annotation raster', () => {
  it('draws marks where their normalized points say, and nothing elsewhere', () => {
    const r = createRaster(100, 50);
    drawMarks(r, [mark('rect', [[0.2, 0.2], [0.6, 0.8]]), mark('pen', [[0.9, 0.1], [0.9, 0.9]])]);
    const alpha = (x: number, y: number) => r.rgba[(y * 100 + x) * 4 + 3]!;
    const red = (x: number, y: number) => r.rgba[(y * 100 + x) * 4]!;
    expect(alpha(20, 25)).toBeGreaterThan(200); // left edge of the rectangle
    expect(red(20, 25)).toBe(255);
    expect(alpha(40, 25)).toBe(0); // inside the outline
    expect(alpha(90, 25)).toBeGreaterThan(200); // the pen line
    expect(alpha(5, 5)).toBe(0);
  });

  it('encodes a PNG that a real decoder reads back', () => {
    const r = createRaster(64, 32);
    drawMarks(r, [mark('arrow', [[0.1, 0.5], [0.9, 0.5]]), mark('ellipse', [[0.2, 0.1], [0.8, 0.9]])]);
    const png = encodePng(r);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raster-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.png'), png);
      const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height,pix_fmt', '-of', 'csv=p=0', path.join(dir, 'a.png')], { encoding: 'utf8' });
      expect(out.trim()).toBe('64,32,rgba');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
