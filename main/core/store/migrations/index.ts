// Every schema migration, in order: one file each, append-only. A migration that has shipped is never
// edited; a change is the next number, with a test that upgrades a database made at the version before it.
import type { Migration } from '../migration';
import { migration as settings } from './0001-settings';
import { migration as recordings } from './0002-recordings-journal-index';
import { migration as audit } from './0003-audit-log';
import { migration as delivery } from './0004-profiles-and-delivery';
import { migration as library } from './0005-library-tags-and-search';
import { migration as ticket } from './0006-recording-ticket';
import { migration as location } from './0007-delivery-location';
import { migration as evidence } from './0008-evidence-receipts';

export const MIGRATIONS: readonly Migration[] = [settings, recordings, audit, delivery, library, ticket, location, evidence];
