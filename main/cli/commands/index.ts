import type { CliCommand } from '../command';
import { auditCommand } from './audit';
import { deliverCommand } from './deliver';
import { doctorCommand } from './doctor';
import { infoCommand } from './info';
import { profileCommand } from './profile';
import { recordCommand } from './record';
import { listCommand, recoverCommand, showCommand } from './recordings';
import { settingsCommand } from './settings';
import { verifyCommand } from './verify';

/** Every CLI command, in the order `fieldtape --help` lists them. */
export const COMMANDS: CliCommand[] = [
  recordCommand,
  recoverCommand,
  listCommand,
  showCommand,
  deliverCommand,
  profileCommand,
  auditCommand,
  verifyCommand,
  doctorCommand,
  settingsCommand,
  infoCommand,
];
