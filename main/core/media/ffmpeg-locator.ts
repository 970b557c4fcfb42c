// Finds the ffmpeg (and ffprobe) binary to use. The order is fixed so support can predict it:
// FFMPEG_PATH → ffmpeg-static → @ffmpeg-installer/ffmpeg → `ffmpeg` on PATH. The npm packages are
// optional at run time (ffmpeg-static's install script downloads a binary and may have failed), so each
// is loaded in a try/catch and its file must actually exist before it counts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export type FfmpegSource = 'FFMPEG_PATH' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg' | 'PATH';
export type FfprobeSource = 'FFPROBE_PATH' | 'beside-ffmpeg' | 'PATH';

export interface ResolvedFfmpeg {
  path: string;
  source: FfmpegSource;
}

export interface ResolvedFfprobe {
  path: string;
  source: FfprobeSource;
}

type Env = Record<string, string | undefined>;

/** Loads an optional package; injectable so the resolution order can be tested without the packages. */
export type ModuleLoader = (name: string) => unknown;

// esbuild leaves both packages external, so they resolve from the bundle's own node_modules at run time.
const loadInstalledModule: ModuleLoader = (name) => createRequire(__filename)(name);

export function resolveFfmpeg(env: Env = process.env, loadModule: ModuleLoader = loadInstalledModule): ResolvedFfmpeg {
  const explicit = env.FFMPEG_PATH?.trim();
  if (explicit) {
    const found = explicitBinary(explicit, env);
    // An explicit setting that points nowhere is a mistake to report, not a reason to silently use
    // another binary than the one the user asked for.
    if (!found) {
      throw new AppError('MEDIA_ERROR', `FFMPEG_PATH is set to "${explicit}", but no executable file is there. Fix or unset FFMPEG_PATH.`);
    }
    return { path: found, source: 'FFMPEG_PATH' };
  }

  const fromStatic = packagedBinary(() => loadModule('ffmpeg-static'));
  if (fromStatic) return { path: fromStatic, source: 'ffmpeg-static' };

  const fromInstaller = packagedBinary(() => (loadModule('@ffmpeg-installer/ffmpeg') as { path?: unknown } | null)?.path);
  if (fromInstaller) return { path: fromInstaller, source: '@ffmpeg-installer/ffmpeg' };

  const onPath = findOnPath('ffmpeg', env);
  if (onPath) return { path: onPath, source: 'PATH' };

  throw new AppError(
    'MEDIA_ERROR',
    'No ffmpeg was found, so recordings cannot be finalized. Reinstall Fieldtape, install ffmpeg ' +
      '(e.g. `apt install ffmpeg`, `brew install ffmpeg`, or from ffmpeg.org) so it is on PATH, ' +
      'or set FFMPEG_PATH to the ffmpeg executable.',
  );
}

/**
 * ffprobe is optional: without it probing falls back to parsing `ffmpeg -i`, so this returns null
 * instead of throwing. An ffprobe beside the chosen ffmpeg is preferred over PATH so both come from
 * the same build when they can.
 */
export function resolveFfprobe(ffmpegPath: string, env: Env = process.env): ResolvedFfprobe | null {
  const explicit = env.FFPROBE_PATH?.trim();
  if (explicit) {
    const found = explicitBinary(explicit, env);
    if (!found) {
      throw new AppError('MEDIA_ERROR', `FFPROBE_PATH is set to "${explicit}", but no executable file is there. Fix or unset FFPROBE_PATH.`);
    }
    return { path: found, source: 'FFPROBE_PATH' };
  }
  const beside = path.join(path.dirname(ffmpegPath), executableName('ffprobe'));
  if (isExecutableFile(unpackedAsarPath(beside))) return { path: unpackedAsarPath(beside), source: 'beside-ffmpeg' };
  const onPath = findOnPath('ffprobe', env);
  return onPath ? { path: onPath, source: 'PATH' } : null;
}

/**
 * In a packaged Electron app the npm packages' paths point into app.asar, but an executable cannot be
 * spawned from inside an archive: electron-builder unpacks binaries to app.asar.unpacked.
 */
export function unpackedAsarPath(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}

export function findOnPath(command: string, env: Env = process.env): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, executableName(command));
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function explicitBinary(value: string, env: Env): string | null {
  // A bare name ("ffmpeg") means "look it up on PATH"; anything with a separator is a file path.
  if (!/[\\/]/.test(value)) return findOnPath(value.replace(/\.exe$/i, ''), env);
  const file = path.resolve(value);
  return isExecutableFile(file) ? file : null;
}

function packagedBinary(load: () => unknown): string | null {
  let value: unknown;
  try {
    value = load();
  } catch {
    // Not installed, unsupported platform, or (for @ffmpeg-installer) its binary package is missing:
    // all mean "try the next source".
    return null;
  }
  if (typeof value !== 'string' || value === '') return null;
  const file = unpackedAsarPath(value);
  return isExecutableFile(file) ? file : null;
}

function executableName(command: string): string {
  return process.platform === 'win32' ? `${command}.exe` : command;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
