// Tenant profiles in SQLite (schema 4). One profile at most is active: new recordings are bound to it.
// The secret is never stored here — only where it is (see profile-secrets.ts).
import crypto from 'node:crypto';
import {
  ProfileSchema,
  ProfileSettingsSchema,
  type Profile,
  type ProfileSettings,
} from '../../../shared/domain/profile';
import { AppError } from '../../../shared/errors';
import { validateKeyTemplate } from '../../../shared/domain/key-template';
import type { Db } from '../store/database';
import { createProfileRows, type ProfileRow } from '../store/profile-rows';
import { registerSecretVariable } from '../secrets/child-env';

/** What IT's policy says about profiles (see profiles-policy.ts); none: everything is the technician's. */
export interface ProfilePolicy {
  managed: ReadonlySet<string>;
  allowUserProfiles: boolean;
}

export interface ProfileStore {
  list(): Profile[];
  get(idOrName: string): Profile | null;
  /** Throws NOT_FOUND naming the profile and the ones that exist. */
  mustGet(idOrName: string): Profile;
  active(): Profile | null;
  /** Adds a profile; the first one becomes active. Throws CONFLICT when the name is taken. */
  add(settings: ProfileSettings, options?: { activate?: boolean; fromPolicy?: boolean }): Profile;
  update(name: string, settings: ProfileSettings): Profile;
  remove(name: string): Profile;
  activate(name: string, options?: { fromPolicy?: boolean }): Profile;
}

export function createProfileStore(db: Db, clock: () => Date, policy: ProfilePolicy = { managed: new Set(), allowUserProfiles: true }): ProfileStore {
  const rows = createProfileRows(db);

  const toProfile = (row: ProfileRow): Profile => {
    const profile = ProfileSchema.parse({
      ...(JSON.parse(row.config_json) as object),
      id: row.id,
      name: row.name,
      active: row.active === 1,
      managed: policy.managed.has(row.name),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
    // Child processes (ffmpeg) must not inherit the variable that holds this profile's secret.
    if (profile.secretSource.kind === 'env') registerSecretVariable(profile.secretSource.variable);
    return profile;
  };
  const refuse = (what: string): never => {
    throw new AppError('MANAGED_BY_POLICY', `${what}: your organisation's policy manages delivery profiles here.`);
  };

  const get = (idOrName: string): Profile | null => {
    const row = rows.byIdOrName(idOrName);
    return row ? toProfile(row) : null;
  };
  const mustGet = (idOrName: string): Profile => {
    const found = get(idOrName);
    if (found) return found;
    const names = rows.all().map((r) => r.name);
    throw new AppError('NOT_FOUND', `There is no profile "${idOrName}". ${names.length ? `Profiles: ${names.join(', ')}.` : 'Add one with `fieldtape profile add`.'}`);
  };

  function validated(settings: ProfileSettings): ProfileSettings {
    const parsed = ProfileSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_REQUEST', `Invalid profile: ${issue?.path.join('.') || 'profile'}: ${issue?.message ?? 'rejected'}`);
    }
    const problem = validateKeyTemplate(parsed.data.prefixTemplate);
    if (problem) throw new AppError('INVALID_REQUEST', `Invalid key prefix template "${parsed.data.prefixTemplate}": ${problem}`);
    return parsed.data;
  }

  const configJson = (s: ProfileSettings): string => {
    const { name: _name, ...rest } = s;
    return JSON.stringify(rest);
  };

  return {
    list: () => rows.all().map(toProfile),
    get,
    mustGet,
    active() {
      const row = rows.active();
      return row ? toProfile(row) : null;
    },
    add(settings, options = {}) {
      if (!options.fromPolicy && !policy.allowUserProfiles) refuse(`Cannot add profile "${settings.name}"`);
      if (!options.fromPolicy && policy.managed.has(settings.name)) refuse(`Profile "${settings.name}" is provided by IT`);
      const s = validated(settings);
      if (get(s.name)) throw new AppError('CONFLICT', `A profile named "${s.name}" already exists; remove it first or choose another name.`);
      const id = `prof_${crypto.randomBytes(8).toString('hex')}`;
      rows.insert({ id, name: s.name, configJson: configJson(s), at: clock().toISOString() }, options.activate === true);
      return mustGet(id);
    },
    update(name, settings) {
      const existing = mustGet(name);
      const s = validated({ ...settings, name: existing.name });
      rows.updateConfig(existing.id, configJson(s), clock().toISOString());
      return mustGet(existing.id);
    },
    remove(name) {
      const existing = mustGet(name);
      if (policy.managed.has(existing.name)) refuse(`Cannot remove profile "${existing.name}"`);
      rows.remove(existing.id);
      return existing;
    },
    activate(name, options = {}) {
      const existing = mustGet(name);
      if (!options.fromPolicy && !policy.allowUserProfiles && !policy.managed.has(existing.name)) refuse(`Cannot use profile "${existing.name}"`);
      rows.activate(existing.id, clock().toISOString());
      return mustGet(existing.id);
    },
  };
}
