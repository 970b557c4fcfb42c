// The feed built into a package (resources/app-update.yml, written by electron-builder from the
// `publish` block) and the rules every feed must meet before the updater may use it:
//   - https only (a plain-http feed lets anyone on the network path offer an "update");
//   - the build's placeholder feed (a *.invalid host, RFC 2606: it never resolves) counts as no feed, so
//     a build IT did not point anywhere stays quiet until the policy names a feed;
//   - the publisher the installers must be signed by (publisherName) is pinned here, by the build.
// app-update.yml is machine-written YAML of flat `key: value` lines and lists of scalars; anything this
// reader does not understand makes the file unusable (fail closed), never half-read.
import type { UpdateFeed } from '../config/policy-schema';

export interface BundledFeed {
  /** The feed, or 'placeholder' when the build was not pointed at a real one. */
  feed: UpdateFeed | 'placeholder';
  /** Certificate subjects (DN or CN) a Windows installer must be signed by; empty: none pinned. */
  publisherNames: string[];
}

export type BundledFeedRead = { ok: true; value: BundledFeed } | { ok: false; problem: string };

/** The host name electron-builder.yml's placeholder publish URL uses. */
export const PLACEHOLDER_HOST_SUFFIX = '.invalid';

type Value = string | string[];

/** Parses the flat YAML electron-builder writes (js-yaml dump of a plain object). */
export function parseFlatYaml(text: string): Record<string, Value> | null {
  const out: Record<string, Value> = {};
  let listKey: string | null = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const item = /^\s+-\s+(.*)$/.exec(raw);
    if (item) {
      if (listKey === null) return null;
      const value = scalar(item[1]!);
      if (value === null) return null;
      (out[listKey] as string[]).push(value);
      continue;
    }
    const pair = /^([A-Za-z_][A-Za-z0-9_]*):(?:\s+(.*))?$/.exec(raw);
    if (!pair) return null;
    const key = pair[1]!;
    if (pair[2] === undefined || pair[2].trim() === '') {
      out[key] = [];
      listKey = key;
      continue;
    }
    listKey = null;
    const value = scalar(pair[2]);
    if (value === null) return null;
    out[key] = value;
  }
  return out;
}

function scalar(text: string): string | null {
  const t = text.trim();
  if (t.startsWith("'")) return t.endsWith("'") && t.length >= 2 ? t.slice(1, -1).replace(/''/g, "'") : null;
  if (t.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(t);
      return typeof parsed === 'string' ? parsed : null;
    } catch {
      return null;
    }
  }
  if (/^[[{&*!|>%@`]/.test(t)) return null; // flow collections, anchors, tags, block scalars: not in app-update.yml
  return t;
}

/** Why a feed URL may not be used, or null. */
export function feedUrlProblem(url: string, what: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${what} "${url}" is not a URL`;
  }
  if (parsed.protocol !== 'https:') return `${what} is ${parsed.protocol.replace(':', '')}://, not https: updates are fetched only over https`;
  return null;
}

export function readBundledFeed(text: string): BundledFeedRead {
  const doc = parseFlatYaml(text);
  if (doc === null) return { ok: false, problem: 'app-update.yml could not be read (unexpected YAML)' };
  const str = (key: string): string | undefined => (typeof doc[key] === 'string' ? (doc[key] as string) : undefined);
  const raw = doc.publisherName;
  const publisherNames = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).map((n) => n.trim()).filter((n) => n !== '');
  const provider = str('provider');
  if (provider === 'generic') {
    const url = str('url');
    if (!url) return { ok: false, problem: 'app-update.yml names the generic provider but no url' };
    const problem = feedUrlProblem(url, 'the update feed built into this copy (app-update.yml)');
    if (problem) return { ok: false, problem };
    if (new URL(url).hostname.endsWith(PLACEHOLDER_HOST_SUFFIX)) return { ok: true, value: { feed: 'placeholder', publisherNames } };
    return { ok: true, value: { feed: { provider: 'generic', url }, publisherNames } };
  }
  if (provider === 's3') {
    const bucket = str('bucket');
    if (!bucket) return { ok: false, problem: 'app-update.yml names the s3 provider but no bucket' };
    const endpoint = str('endpoint');
    if (endpoint) {
      const problem = feedUrlProblem(endpoint, 'the S3 endpoint of the update feed built into this copy (app-update.yml)');
      if (problem) return { ok: false, problem };
    }
    const region = str('region');
    const feedPath = str('path');
    return {
      ok: true,
      value: { feed: { provider: 's3', bucket, ...(region ? { region } : {}), ...(feedPath ? { path: feedPath } : {}), ...(endpoint ? { endpoint } : {}) }, publisherNames },
    };
  }
  return { ok: false, problem: `app-update.yml uses the ${provider ?? 'unnamed'} provider; Fieldtape updates only from a generic https server or S3` };
}

/** Strict semver-ish comparison (x.y.z[-pre]); null when either is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return null;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const [preA, preB] = [pa[4], pb[4]];
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1; // a release outranks its prereleases
  const xs = preA.split('.');
  const ys = preB.split('.');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null) {
      if (nx !== ny) return Math.sign(nx - ny);
    } else if (nx !== null || ny !== null) {
      return nx !== null ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
