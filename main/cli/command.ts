// A CLI command: a name, its usage line, and a run function on the shared engine. Output discipline:
// with --json exactly one JSON document goes to stdout; human-readable text goes to stderr.
import type { Engine } from '../engine';

export interface CliIo {
  json: boolean;
  /** The single machine-readable result (stdout). */
  result(value: unknown, human?: string): void;
  /** Progress and explanations for people (stderr). */
  say(text: string): void;
  readStdin(): Promise<string>;
  /** The host's answer to "is this an installed build?" (the app's `--doctor`: app.isPackaged); absent: a checkout. */
  packaged?: boolean;
}

interface CommandFacts {
  name: string;
  usage: string;
  summary: string;
}

/** A command on the shared engine: the CLI host opens it first and passes it in. */
export interface EngineCommand extends CommandFacts {
  needsEngine: true;
  /**
   * Whether the CLI host runs the engine's start-up recovery (engine.start()) before the command: 'wait'
   * for it to finish, or run it in the 'background' while the command works (the process still waits
   * for it before exiting). Read-only commands do neither; they only mark dead owners' recordings.
   */
  recoverAtStart?: 'wait' | 'background';
  run(args: string[], io: CliIo, engine: Engine): Promise<number>;
}

/** A command that needs no database (`doctor`, `verify`): it never gets an engine. */
export interface StandaloneCommand extends CommandFacts {
  needsEngine: false;
  run(args: string[], io: CliIo): Promise<number>;
}

export type CliCommand = EngineCommand | StandaloneCommand;

export class UsageError extends Error {}
