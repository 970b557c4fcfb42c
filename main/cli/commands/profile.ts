// `fieldtape profile add|list|remove|test|use`: tenant profiles. The secret goes to the OS keychain
// (--secret-stdin) or stays in an environment variable the profile names (--secret-env VAR); it is never
// printed, logged or stored in the library.
import { parseArgs } from 'node:util';
import {
  DEFAULT_KEY_TEMPLATE,
  DEFAULT_PROFILE_ARTIFACTS,
  ObjectLockSchema,
  ProfileNameSchema,
  StorageClassSchema,
  TsaUrlSchema,
  type Profile,
  type ProfileSettings,
  type ProfileTestResult,
} from '../../../shared/domain/profile';
import { type EngineCommand, type CliIo, UsageError } from '../command';
import type { Engine } from '../../engine';

const USAGE = [
  'fieldtape profile add NAME --endpoint URL --region R --bucket B --access-key-id K (--secret-stdin | --secret-env VAR)',
  '          [--prefix TEMPLATE] [--raw] [--no-snapshot] [--no-filmstrip] [--no-annotations] [--no-manifest]',
  '          [--storage-class CLASS] [--sse s3|kms [--kms-key-id ID]] [--virtual-hosted] [--activate] [--json]',
  '          [--tsa URL] [--object-lock GOVERNANCE|COMPLIANCE --retention-days N]',
  '       fieldtape profile list [--json] | remove NAME | use NAME | test NAME [--json] | secret NAME --secret-stdin',
].join('\n');

export const profileCommand: EngineCommand = {
  name: 'profile',
  usage: USAGE,
  summary: 'manage delivery profiles (S3 endpoint, bucket, key prefix, credentials)',
  needsEngine: true,
  async run(args, io, engine) {
    const [verb, ...rest] = args;
    switch (verb) {
      case 'add':
        return add(rest, io, engine);
      case 'list': {
        const profiles = engine.delivery.profiles.list();
        io.result(profiles, profiles.length ? profiles.map(describeProfile).join('\n') : 'No profiles yet: add one with `fieldtape profile add`.');
        return 0;
      }
      case 'remove': {
        const { removed, keychainProblem } = await engine.delivery.admin.remove(nameArg(rest));
        if (keychainProblem) io.say(`The keychain entry could not be removed: ${keychainProblem}`);
        io.result({ removed: removed.name }, `Removed profile ${removed.name}.`);
        return 0;
      }
      case 'use': {
        const profile = engine.delivery.profiles.activate(nameArg(rest));
        io.result(profile, `New recordings are delivered with profile ${profile.name}.`);
        return 0;
      }
      case 'secret': {
        // For a profile whose secret lives in the keychain, IT's included: store (or replace) it.
        const name = nameArg(rest);
        if (!rest.includes('--secret-stdin')) throw new UsageError('give the secret on stdin with --secret-stdin');
        const secret = (await io.readStdin()).replace(/\r?\n$/, '');
        if (!secret) throw new UsageError('--secret-stdin read an empty secret');
        const profile = await engine.delivery.admin.setSecret(name, secret);
        io.result({ profile: profile.name, stored: true }, `Stored the secret of profile ${profile.name} in the system keychain.`);
        return 0;
      }
      case 'test': {
        const result = await engine.delivery.testProfile(nameArg(rest));
        io.result(result, describeTest(result));
        return result.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown profile verb "${verb ?? ''}"`);
    }
  },
};

function nameArg(rest: string[]): string {
  const name = rest.find((a) => !a.startsWith('-'));
  if (!name || !ProfileNameSchema.safeParse(name).success) throw new UsageError(`"${name ?? ''}" is not a profile name`);
  return name;
}

async function add(rest: string[], io: CliIo, engine: Engine): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      region: { type: 'string' },
      bucket: { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-stdin': { type: 'boolean', default: false },
      'secret-env': { type: 'string' },
      prefix: { type: 'string' },
      raw: { type: 'boolean', default: false },
      'no-snapshot': { type: 'boolean', default: false },
      'no-filmstrip': { type: 'boolean', default: false },
      'no-annotations': { type: 'boolean', default: false },
      'no-manifest': { type: 'boolean', default: false },
      'storage-class': { type: 'string' },
      sse: { type: 'string' },
      'kms-key-id': { type: 'string' },
      'virtual-hosted': { type: 'boolean', default: false },
      activate: { type: 'boolean', default: false },
      tsa: { type: 'string' },
      'object-lock': { type: 'string' },
      'retention-days': { type: 'string' },
    },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError('give exactly one profile NAME');
  if (!values.region || !values.bucket || !values['access-key-id']) throw new UsageError('--region, --bucket and --access-key-id are required');
  if (values['secret-stdin'] === (values['secret-env'] !== undefined)) throw new UsageError('give exactly one of --secret-stdin or --secret-env VAR');
  const storageClass = values['storage-class'] === undefined ? null : StorageClassSchema.safeParse(values['storage-class'].toUpperCase());
  if (storageClass && !storageClass.success) throw new UsageError(`--storage-class must be one of ${StorageClassSchema.options.join(', ')}`);
  let encryption: ProfileSettings['encryption'] = { mode: 'none' };
  if (values.sse === 's3') encryption = { mode: 'SSE-S3' };
  else if (values.sse === 'kms') {
    if (!values['kms-key-id']) throw new UsageError('--sse kms needs --kms-key-id');
    encryption = { mode: 'SSE-KMS', kmsKeyId: values['kms-key-id'] };
  } else if (values.sse !== undefined) throw new UsageError('--sse must be s3 or kms');

  const tsa = values.tsa === undefined ? null : TsaUrlSchema.safeParse(values.tsa);
  if (tsa && !tsa.success) throw new UsageError(`--tsa must be the http(s) URL of an RFC 3161 time-stamp authority (${tsa.error.issues[0]?.message ?? 'not a URL'})`);
  if ((values['object-lock'] === undefined) !== (values['retention-days'] === undefined)) throw new UsageError('--object-lock and --retention-days go together');
  const lock =
    values['object-lock'] === undefined
      ? null
      : ObjectLockSchema.safeParse({ mode: values['object-lock'].toUpperCase(), days: /^\d+$/.test(values['retention-days'] ?? '') ? Number(values['retention-days']) : NaN });
  if (lock && !lock.success) throw new UsageError('--object-lock must be GOVERNANCE or COMPLIANCE and --retention-days a whole number of days (1-36500)');

  let secret: string | null = null;
  if (values['secret-stdin']) {
    secret = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!secret) throw new UsageError('--secret-stdin read an empty secret');
  }
  const settings: ProfileSettings = {
    name,
    endpoint: values.endpoint ?? null,
    region: values.region,
    bucket: values.bucket,
    prefixTemplate: values.prefix ?? DEFAULT_KEY_TEMPLATE,
    accessKeyId: values['access-key-id'],
    secretSource: values['secret-env'] !== undefined ? { kind: 'env', variable: values['secret-env'] } : { kind: 'keychain' },
    forcePathStyle: values.endpoint !== undefined && !values['virtual-hosted'],
    artifacts: {
      ...DEFAULT_PROFILE_ARTIFACTS,
      raw: values.raw,
      snapshot: !values['no-snapshot'],
      filmstrip: !values['no-filmstrip'],
      annotations: !values['no-annotations'],
      manifest: !values['no-manifest'],
    },
    storageClass: storageClass?.success ? storageClass.data : null,
    encryption,
    tags: false,
    ...(tsa?.success ? { tsaUrl: tsa.data } : {}),
    ...(lock?.success ? { objectLock: lock.data } : {}),
  };
  const profile = await engine.delivery.admin.add(settings, { activate: values.activate, ...(secret !== null ? { secret } : {}) });
  io.result(profile, `Added profile ${profile.name}${profile.active ? ' (active: new recordings are delivered with it)' : ''}. Check it with \`fieldtape profile test ${profile.name}\`.`);
  return 0;
}

export function describeProfile(p: Profile): string {
  const secret = p.secretSource.kind === 'env' ? `secret from $${p.secretSource.variable}` : 'secret in keychain';
  const evidence = [p.tsaUrl ? `TSA ${p.tsaUrl}` : '', p.objectLock ? `${p.objectLock.mode} lock ${p.objectLock.days} d` : ''].filter(Boolean).join('  ');
  return `${p.active ? '*' : ' '} ${p.name.padEnd(16)} ${p.endpoint ?? `aws:${p.region}`}  bucket ${p.bucket}  key ${p.prefixTemplate}  ${secret}${evidence ? `  ${evidence}` : ''}${p.managed ? '  (managed by IT)' : ''}`;
}

function describeTest(r: ProfileTestResult): string {
  return `${r.ok ? 'OK' : `FAILED (${r.cause})`}: ${r.message}${r.clockSkewSec !== null && Math.abs(r.clockSkewSec) > 60 ? `\nNote: this computer's clock differs from the server's by ${r.clockSkewSec} s.` : ''}`;
}
