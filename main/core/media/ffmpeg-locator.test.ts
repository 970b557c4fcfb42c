import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { resolveFfmpeg, resolveFfprobe, unpackedAsarPath, type ModuleLoader } from './ffmpeg-locator';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-locator-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function executable(relative: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return file;
}

const binDir = path.dirname(executable('bin/ffmpeg'));
executable('bin/ffprobe');
const staticBinary = executable('static/ffmpeg');
const installerBinary = executable('installer/ffmpeg');
const explicit = executable('explicit/my-ffmpeg');

function loader(modules: Record<string, unknown>): ModuleLoader {
  return (name) => {
    if (!(name in modules)) throw new Error(`Cannot find module '${name}'`);
    return modules[name];
  };
}
const both = loader({ 'ffmpeg-static': staticBinary, '@ffmpeg-installer/ffmpeg': { path: installerBinary } });
const none = loader({});

describe('resolveFfmpeg', () => {
  it('prefers FFMPEG_PATH over every package and PATH', () => {
    expect(resolveFfmpeg({ FFMPEG_PATH: explicit, PATH: binDir }, both)).toEqual({ path: explicit, source: 'FFMPEG_PATH' });
  });

  it('reports an FFMPEG_PATH that points nowhere instead of silently using another ffmpeg', () => {
    const attempt = () => resolveFfmpeg({ FFMPEG_PATH: path.join(root, 'missing'), PATH: binDir }, both);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/FFMPEG_PATH/);
  });

  it('looks a bare FFMPEG_PATH name up on PATH', () => {
    expect(resolveFfmpeg({ FFMPEG_PATH: 'ffmpeg', PATH: binDir }, both)).toEqual({ path: path.join(binDir, 'ffmpeg'), source: 'FFMPEG_PATH' });
  });

  it('then ffmpeg-static, then @ffmpeg-installer/ffmpeg, then PATH', () => {
    expect(resolveFfmpeg({ PATH: binDir }, both).source).toBe('ffmpeg-static');
    const installerOnly = loader({ '@ffmpeg-installer/ffmpeg': { path: installerBinary } });
    expect(resolveFfmpeg({ PATH: binDir }, installerOnly)).toEqual({ path: installerBinary, source: '@ffmpeg-installer/ffmpeg' });
    expect(resolveFfmpeg({ PATH: binDir }, none)).toEqual({ path: path.join(binDir, 'ffmpeg'), source: 'PATH' });
  });

  it('skips a package whose binary is missing (ffmpeg-static after a failed download) or that throws', () => {
    const broken = loader({ 'ffmpeg-static': path.join(root, 'static/not-downloaded'), '@ffmpeg-installer/ffmpeg': { path: installerBinary } });
    expect(resolveFfmpeg({ PATH: binDir }, broken).source).toBe('@ffmpeg-installer/ffmpeg');
    const throwing: ModuleLoader = (name) => {
      if (name === '@ffmpeg-installer/ffmpeg') throw 'Could not find ffmpeg executable'; // it throws a string
      return null; // ffmpeg-static on an unsupported platform
    };
    expect(resolveFfmpeg({ PATH: binDir }, throwing).source).toBe('PATH');
  });

  it('says how to fix it when there is no ffmpeg anywhere', () => {
    try {
      resolveFfmpeg({ PATH: path.join(root, 'empty') }, none);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('MEDIA_ERROR');
      expect((error as AppError).message).toMatch(/install ffmpeg/);
      expect((error as AppError).message).toMatch(/FFMPEG_PATH/);
    }
  });

  it('uses the unpacked copy of a binary that resolves into app.asar', () => {
    const unpacked = executable('App/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg');
    const packed = unpacked.replace('app.asar.unpacked', 'app.asar');
    expect(resolveFfmpeg({ PATH: '' }, loader({ 'ffmpeg-static': packed }))).toEqual({ path: unpacked, source: 'ffmpeg-static' });
  });

  it('finds one of the npm packages in this repository with the real loader', () => {
    expect(['ffmpeg-static', '@ffmpeg-installer/ffmpeg']).toContain(resolveFfmpeg({ PATH: '' }).source);
  });
});

describe('unpackedAsarPath', () => {
  it('rewrites only an app.asar path segment, once', () => {
    expect(unpackedAsarPath('/a/app.asar/node_modules/x/ffmpeg')).toBe('/a/app.asar.unpacked/node_modules/x/ffmpeg');
    expect(unpackedAsarPath('/a/app.asar.unpacked/node_modules/x/ffmpeg')).toBe('/a/app.asar.unpacked/node_modules/x/ffmpeg');
    expect(unpackedAsarPath('C:\\App\\resources\\app.asar\\ffmpeg.exe')).toBe('C:\\App\\resources\\app.asar.unpacked\\ffmpeg.exe');
    expect(unpackedAsarPath('/home/me/myapp.asar/ffmpeg')).toBe('/home/me/myapp.asar/ffmpeg');
  });
});

describe('resolveFfprobe', () => {
  it('FFPROBE_PATH, then beside ffmpeg, then PATH, else null', () => {
    const probe = executable('explicit/my-ffprobe');
    expect(resolveFfprobe(installerBinary, { FFPROBE_PATH: probe, PATH: binDir })).toEqual({ path: probe, source: 'FFPROBE_PATH' });
    expect(resolveFfprobe(path.join(binDir, 'ffmpeg'), { PATH: '' })).toEqual({ path: path.join(binDir, 'ffprobe'), source: 'beside-ffmpeg' });
    expect(resolveFfprobe(installerBinary, { PATH: binDir })).toEqual({ path: path.join(binDir, 'ffprobe'), source: 'PATH' });
    expect(resolveFfprobe(installerBinary, { PATH: '' })).toBeNull();
  });
});
