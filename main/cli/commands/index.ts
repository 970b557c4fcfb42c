import type { CliCommand } from '../command';
import { infoCommand } from './info';
import { settingsCommand } from './settings';

/** Every CLI command, in the order `fieldtape --help` lists them. */
export const COMMANDS: CliCommand[] = [infoCommand, settingsCommand];
