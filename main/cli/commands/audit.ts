import type { AuditEvent, AuditVerification } from '../../../shared/domain/audit';
import type { AuditLog } from '../../core/audit/audit-log';
import type { Engine } from '../../engine';
import { type EngineCommand, UsageError } from '../command';

/** The one place that finds the audit log; becomes `engine.audit` once the engine exposes it. */
function auditLogOf(engine: Engine): AuditLog {
  return engine.audit;
}

export const auditCommand: EngineCommand = {
  name: 'audit',
  usage: 'fieldtape audit verify [--json] | fieldtape audit list [--recording ID] [--session ID] [--limit N] [--json]',
  summary: 'check the audit log is intact (exit 1 if not) or list its events',
  needsEngine: true,
  async run(args, io, engine) {
    const [verb, ...options] = args;
    const audit = auditLogOf(engine);
    if (verb === 'verify') {
      if (options.length > 0) throw new UsageError(`unexpected argument "${options[0]}"`);
      const verification = audit.verify();
      io.result(verification, describeVerification(verification));
      return verification.ok ? 0 : 1;
    }
    if (verb === 'list') {
      const query = parseListOptions(options);
      const events = audit.list(query);
      io.result(events, events.length ? events.map(describeEvent).join('\n') : 'No audit events match.');
      return 0;
    }
    throw new UsageError(verb ? `unknown audit verb "${verb}"` : 'audit needs a verb: verify or list');
  },
};

function parseListOptions(options: string[]): { recordingId?: string; sessionId?: string; limit?: number } {
  const query: { recordingId?: string; sessionId?: string; limit?: number } = {};
  for (let i = 0; i < options.length; i++) {
    const flag = options[i];
    const value = options[i + 1];
    if (flag !== '--recording' && flag !== '--session' && flag !== '--limit') throw new UsageError(`unexpected argument "${flag}"`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    i++;
    if (flag === '--recording') query.recordingId = value;
    else if (flag === '--session') query.sessionId = value;
    else {
      if (!/^\d+$/.test(value)) throw new UsageError('--limit needs a whole number');
      query.limit = Number(value);
    }
  }
  return query;
}

function describeVerification(v: AuditVerification): string {
  if (v.ok) return `Audit log intact: ${v.events} event${v.events === 1 ? '' : 's'}${v.headHash ? `, head ${v.headHash}` : ''}.`;
  const p = v.problem!;
  return `AUDIT LOG TAMPERED (${p.kind}${p.seq === null ? '' : `, event #${p.seq}`}${p.type ? ` ${p.type}` : ''}): ${p.message}`;
}

function describeEvent(e: AuditEvent): string {
  const subject = [e.recordingId && `recording=${e.recordingId}`, e.sessionId && `session=${e.sessionId}`].filter(Boolean).join(' ');
  const data = Object.keys(e.data).length ? ` ${JSON.stringify(e.data)}` : '';
  return `#${e.seq}  ${e.at}  ${e.type}${subject ? `  ${subject}` : ''}${data}`;
}
