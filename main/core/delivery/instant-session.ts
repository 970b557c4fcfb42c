// Instant mode, one recording: as the capture's H.264 Matroska chunks become durable they are fed to an
// ffmpeg that remuxes them (no re-encode) into fragmented MP4; its output is appended to a local file and
// uploaded part by part while the recording goes on. At Stop only the tail is left: the last fragment, the
// last part, CompleteMultipartUpload. The parts are journaled like any other upload, so a failure here is
// resumed by the ordinary delivery from the same journal.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../log';
import { childEnv } from '../secrets/child-env';
import type { UploadSource } from './multipart-upload';

export interface InstantOutput {
  path: string;
  bytes: number;
  sha256: string;
}

/** An audio-only recording (MediaRecorder's `audio/webm;codecs=opus`): its instant MP4 is AAC only. */
export function isAudioOnlyMime(mime: string): boolean {
  return /^audio\//i.test(mime.trim());
}

/** One audio-only fragment per second: the upload then trails the recording by about that much. */
export const AUDIO_FRAGMENT_US = 1_000_000;

/**
 * fMP4 from Matroska without re-encoding the video; AAC audio is copied, anything else (Opus) becomes AAC.
 * With video, each fragment starts at a keyframe. Audio alone has no video keyframe to cut at, and
 * +frag_keyframe would hold everything in one fragment until Stop, so it is cut by duration instead.
 */
export function remuxArgs(copyAudio: boolean, audioOnly = false): string[] {
  return [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'matroska', '-i', 'pipe:0',
    ...(audioOnly ? ['-map', '0:a:0', '-vn'] : ['-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'copy']),
    ...(copyAudio ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '128k']),
    '-f', 'mp4',
    ...(audioOnly
      ? ['-movflags', '+empty_moov+default_base_moof', '-frag_duration', String(AUDIO_FRAGMENT_US)]
      : ['-movflags', '+frag_keyframe+empty_moov+default_base_moof']),
    'pipe:1',
  ];
}

export class InstantRemux {
  readonly file: string;
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly hash = createHash('sha256');
  private handle: fs.promises.FileHandle | null = null;
  private opened: Promise<void>;
  private writing: Promise<void> = Promise.resolve();
  private written = 0;
  private final = false;
  private waiters: Array<() => void> = [];
  private nextSeq = 0;
  private early = new Map<number, Uint8Array>();
  private stderr = '';
  private exitCode: Promise<number | null>;
  failure: Error | null = null;

  /** audioOnly: the recording has no video track (see isAudioOnlyMime). */
  constructor(ffmpegPath: string, workDir: string, copyAudio: boolean, private readonly log: Logger, audioOnly = false) {
    fs.mkdirSync(workDir, { recursive: true });
    this.file = path.join(workDir, 'instant-recording.mp4');
    this.opened = fs.promises.open(this.file, 'w').then(
      (h) => {
        this.handle = h;
      },
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
    this.child = spawn(ffmpegPath, remuxArgs(copyAudio, audioOnly), { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
    this.child.stdin.on('error', (error) => this.fail(error));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    this.child.stdout.on('data', (data: Buffer) => {
      this.child.stdout.pause();
      this.writing = this.writing
        .then(async () => {
          await this.opened;
          for (let done = 0; done < data.length; ) done += (await this.handle!.write(data, done, data.length - done)).bytesWritten;
          this.hash.update(data);
          this.written += data.length;
          this.wake();
        })
        .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))))
        .finally(() => this.child.stdout.resume());
    });
    this.exitCode = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.once('error', (error) => {
        this.fail(error);
        resolve(-1);
      });
    });
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.log.warn('instant remux failed; the recording will be delivered after it stops', { error: error.message, stderr: this.stderr.slice(-500) });
    this.child.kill('SIGKILL');
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Feeds chunks in sequence order (they may be acknowledged out of order by concurrent appends). */
  push(seq: number, data: Uint8Array): void {
    if (this.failure || this.final) return;
    this.early.set(seq, data);
    while (this.early.has(this.nextSeq)) {
      const chunk = this.early.get(this.nextSeq)!;
      this.early.delete(this.nextSeq);
      this.nextSeq++;
      this.child.stdin.write(chunk);
    }
  }

  /** The upload's view of the file: parts may be read once their bytes are written. */
  source(): UploadSource {
    return {
      path: this.file,
      waitFor: async (bytes, signal) => {
        while (!this.final && !this.failure && this.written < bytes) {
          signal.throwIfAborted();
          await new Promise<void>((resolve) => {
            const onAbort = () => resolve();
            signal.addEventListener('abort', onAbort, { once: true });
            this.waiters.push(() => {
              signal.removeEventListener('abort', onAbort);
              resolve();
            });
          });
        }
        if (this.failure) throw this.failure;
        signal.throwIfAborted();
        return { available: this.written, final: this.final };
      },
    };
  }

  /** Ends the input and waits for the last fragment; the file is then complete and durable. */
  async finish(): Promise<InstantOutput> {
    if (this.early.size > 0 && !this.failure) this.fail(new Error(`chunks ${[...this.early.keys()].join(', ')} arrived after a gap`));
    this.child.stdin.end();
    const code = await this.exitCode;
    await this.writing;
    if (this.failure) throw this.failure;
    if (code !== 0) {
      this.fail(new Error(`ffmpeg remux exited with ${code}: ${this.stderr.trim().split('\n').slice(-2).join(' ')}`));
      throw this.failure!;
    }
    await this.opened;
    if (!this.handle) throw this.failure ?? new Error('the instant MP4 file could not be opened');
    await this.handle.sync();
    await this.handle.close();
    this.handle = null;
    return { path: this.file, bytes: this.written, sha256: this.hash.digest('hex') };
  }

  /** After finish() (and after the caller has recorded the final size and hash): the upload may end. */
  seal(): void {
    this.final = true;
    this.wake();
  }

  abandon(): void {
    this.fail(new Error('abandoned'));
    void this.opened.then(() => this.handle?.close()).catch(() => undefined);
  }
}
