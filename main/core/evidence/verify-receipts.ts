// The pure part of verification: what receipts say about each other and about the audit log, with no I/O.
//   checkReceipt(r)        its events hash to what they claim and sit where its links say
//   checkChains(receipts)  per device and bucket, each receipt links to the one before (its SHA-256 and
//                          the audit head it anchored); a rewritten audit log shows as a broken link
//   compareDatabase(...)   a device's database against every event hash the receipts anchored
// Each returns findings (shared/domain/evidence.ts); a mismatch names the receipt, the event and what differs.
import type { Receipt, VerifyFinding } from '../../../shared/domain/evidence';
import { canonicalJson, type JsonObject } from '../audit/canonical-json';
import { GENESIS_HASH, hashAuditEvent } from '../audit/event-hash';
import { verifyChain } from '../audit/verify-chain';
import type { AuditSnapshot } from '../store/audit-database';

export interface LoadedReceipt {
  path: string;
  sha256: string;
  receipt: Receipt;
}

type Finding = VerifyFinding;

const finding = (level: Finding['level'], check: Finding['check'], r: LoadedReceipt | null, subject: string, message: string): Finding => ({
  level,
  check,
  recordingId: r?.receipt.recordingId ?? null,
  subject,
  message,
});

/** seq → hash of every event a receipt's links anchor. */
export function anchoredHashes(r: Receipt): Map<number, string> {
  const out = new Map<number, string>();
  r.audit.links.hashes.forEach((hash, i) => out.set(r.audit.links.fromSeq + 1 + i, hash));
  return out;
}

export function checkReceipt(loaded: LoadedReceipt): Finding[] {
  const { receipt: r, path } = loaded;
  const out: Finding[] = [];
  const { links, head } = r.audit;
  if (links.hashes.length !== head.seq - links.fromSeq) {
    out.push(finding('mismatch', 'receipt', loaded, path, `The receipt's links cover ${links.hashes.length} events but its head says events #${links.fromSeq + 1}–#${head.seq}.`));
  }
  const last = links.hashes.length ? links.hashes[links.hashes.length - 1]! : links.prevHash;
  if (last !== head.hash) out.push(finding('mismatch', 'receipt', loaded, path, `The receipt's last linked event hash is not its head hash (event #${head.seq}).`));
  if (links.hashes.includes(GENESIS_HASH)) {
    const seq = links.fromSeq + 1 + links.hashes.indexOf(GENESIS_HASH);
    out.push(finding('mismatch', 'receipt', loaded, path, `Event #${seq} was missing from the device's audit log when this receipt was issued.`));
  }
  const anchored = anchoredHashes(r);
  for (const e of r.audit.events) {
    const hash = hashAuditEvent({ seq: e.seq, at: e.at, type: e.type, recordingId: e.recordingId, sessionId: e.sessionId, data: e.data as JsonObject, prevHash: e.prevHash });
    if (hash !== e.hash) {
      out.push(finding('mismatch', 'receipt', loaded, path, `Event #${e.seq} (${e.type}) in the receipt was altered: its contents do not hash to ${e.hash.slice(0, 12)}….`));
      continue;
    }
    const at = anchored.get(e.seq);
    if (at !== undefined && at !== e.hash) {
      out.push(finding('mismatch', 'receipt', loaded, path, `Event #${e.seq} (${e.type}) is not the event the receipt's chain links anchor at #${e.seq}.`));
    }
    const prev = e.seq - 1 === links.fromSeq ? links.prevHash : anchored.get(e.seq - 1);
    if (prev !== undefined && prev !== e.prevHash) {
      out.push(finding('mismatch', 'receipt', loaded, path, `Event #${e.seq} (${e.type}) does not link to event #${e.seq - 1} as the receipt's chain has it.`));
    }
  }
  if (out.length === 0) {
    out.push(finding('ok', 'receipt', loaded, path, `${r.audit.events.length} audit events hash correctly; events #${links.fromSeq + 1}–#${head.seq} anchored (head ${head.hash.slice(0, 12)}…).`));
  }
  return out;
}

const chainKey = (r: Receipt) => `${r.device.id}|${r.destination.endpoint ?? ''}|${r.destination.bucket}`;

export function checkChains(receipts: readonly LoadedReceipt[]): Finding[] {
  const out: Finding[] = [];
  const chains = new Map<string, LoadedReceipt[]>();
  for (const r of receipts) {
    const key = chainKey(r.receipt);
    chains.set(key, [...(chains.get(key) ?? []), r]);
  }
  for (const list of chains.values()) {
    const bySeq = new Map<number, LoadedReceipt>();
    for (const r of list.sort((a, b) => a.receipt.device.seq - b.receipt.device.seq)) {
      const same = bySeq.get(r.receipt.device.seq);
      if (same && same.sha256 !== r.sha256) {
        out.push(finding('mismatch', 'chain', r, r.path, `Two different receipts claim #${r.receipt.device.seq} of device ${r.receipt.device.id}: ${same.path} and ${r.path} (a forked chain).`));
      }
      bySeq.set(r.receipt.device.seq, r);
    }
    for (const r of bySeq.values()) {
      const { seq } = r.receipt.device;
      const prevRef = r.receipt.previousReceipt;
      if (seq === 1) {
        if (prevRef !== null) out.push(finding('mismatch', 'chain', r, r.path, 'The first receipt of this device names a previous receipt.'));
        else if (r.receipt.audit.links.fromSeq !== 0) out.push(finding('mismatch', 'chain', r, r.path, 'The first receipt of this device does not start at the beginning of its audit log.'));
        else out.push(finding('ok', 'chain', r, r.path, `Receipt #1 of device ${r.receipt.device.id} starts the chain.`));
        continue;
      }
      if (prevRef === null || prevRef.seq !== seq - 1) {
        out.push(finding('mismatch', 'chain', r, r.path, `Receipt #${seq} does not name receipt #${seq - 1} as its predecessor.`));
        continue;
      }
      const prev = bySeq.get(seq - 1);
      if (!prev) {
        out.push(finding('warning', 'chain', r, r.path, `Receipt #${seq - 1} of device ${r.receipt.device.id} (recording ${prevRef.recordingId}) is not in what was verified, so the chain is not checked across it.`));
        continue;
      }
      const problems: string[] = [];
      if (prevRef.sha256 !== prev.sha256) problems.push(`it names receipt #${seq - 1} with SHA-256 ${prevRef.sha256.slice(0, 12)}…, but ${prev.path} has ${prev.sha256.slice(0, 12)}…`);
      const before = prev.receipt.audit.head;
      const links = r.receipt.audit.links;
      if (links.fromSeq !== before.seq || links.prevHash !== before.hash) {
        problems.push(
          `its audit links continue from event #${links.fromSeq} with hash ${links.prevHash.slice(0, 12)}…, but receipt #${seq - 1} anchored event #${before.seq} as ${before.hash.slice(0, 12)}…: ` +
            'the device’s audit log was rewritten (and re-hashed) after that receipt was delivered',
        );
      }
      if (problems.length) out.push(finding('mismatch', 'chain', r, r.path, `Receipt #${seq} does not follow receipt #${seq - 1}: ${problems.join('; ')}.`));
      else out.push(finding('ok', 'chain', r, r.path, `Receipt #${seq} follows receipt #${seq - 1} (its SHA-256 and audit head).`));
    }
  }
  // One device's receipts to different buckets overlap in the events they anchor: they must agree.
  const byDevice = new Map<string, Map<number, { hash: string; r: LoadedReceipt }>>();
  for (const r of receipts) {
    const map = byDevice.get(r.receipt.device.id) ?? new Map();
    byDevice.set(r.receipt.device.id, map);
    for (const [seq, hash] of anchoredHashes(r.receipt)) {
      const seen = map.get(seq);
      if (seen && seen.hash !== hash) {
        out.push(finding('mismatch', 'chain', r, r.path, `Receipts ${seen.r.path} and ${r.path} anchor different hashes for event #${seq} of device ${r.receipt.device.id}.`));
      } else if (!seen) map.set(seq, { hash, r });
    }
  }
  return out;
}

/** Every event the receipts anchored must be in the database, unchanged; names the first few that are not. */
export function compareDatabase(receipts: readonly LoadedReceipt[], db: AuditSnapshot): Finding[] {
  const out: Finding[] = [];
  const subject = db.file;
  const rows = new Map(db.rows.map((r) => [r.seq, r]));
  const mine = receipts.filter((r) => db.deviceId === null || r.receipt.device.id === db.deviceId);
  if (db.deviceId !== null && mine.length === 0 && receipts.length > 0) {
    out.push({ level: 'warning', check: 'database', recordingId: null, subject, message: `The database is of device ${db.deviceId}; no receipt verified here is from it.` });
  }
  let differing = 0;
  let checked = 0;
  for (const r of mine) {
    const full = new Map(r.receipt.audit.events.map((e) => [e.seq, e]));
    for (const [seq, hash] of anchoredHashes(r.receipt)) {
      if (hash === GENESIS_HASH) continue;
      checked++;
      const row = rows.get(seq);
      const event = full.get(seq);
      let problem: string | null = null;
      if (!row) problem = `event #${seq} is missing from the database`;
      else if (row.hash !== hash) problem = `event #${seq} (${row.type}) has hash ${row.hash.slice(0, 12)}… in the database, but the bucket anchored ${hash.slice(0, 12)}…`;
      else if (event && (canonicalJson(event.data as JsonObject) !== row.data_json || event.type !== row.type || event.at !== row.at)) {
        problem = `event #${seq} (${row.type}) in the database differs from the copy in the receipt`;
      }
      if (!problem) continue;
      differing++;
      if (differing <= 20) {
        out.push({ level: 'mismatch', check: 'database', recordingId: r.receipt.recordingId, subject, message: `The database does not match receipt #${r.receipt.device.seq} (${r.path}): ${problem}. It was edited after the receipt was delivered.` });
      }
    }
  }
  if (differing > 20) out.push({ level: 'mismatch', check: 'database', recordingId: null, subject, message: `…and ${differing - 20} more anchored events differ.` });
  const own = verifyChain(db.rows, db.head);
  if (!own.ok) out.push({ level: 'mismatch', check: 'database', recordingId: null, subject, message: `The database's own audit chain is broken: ${own.problem?.message ?? 'unknown problem'}` });
  if (differing === 0 && own.ok) {
    out.push({ level: 'ok', check: 'database', recordingId: null, subject, message: `All ${checked} audit events anchored by ${mine.length} receipt${mine.length === 1 ? '' : 's'} are in the database, unchanged.` });
  }
  return out;
}
