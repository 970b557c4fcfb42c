// Shared output for benchmarks: a table on stdout and a JSON file under test/bench/results/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline: how far from the baseline measured in the same run. */
  ratio?: number;
  note?: string;
}

export function writeReport(name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): string {
  const table = rows.map((r) => ({
    metric: r.metric,
    value: `${round(r.value)} ${r.unit}`,
    baseline: r.baseline === undefined ? '' : `${round(r.baseline)} ${r.unit}`,
    ratio: r.ratio === undefined ? '' : `${round(r.ratio)}x`,
    note: r.note ?? '',
  }));
  console.table(table);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  fs.writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine, rows, ...extra }, null, 2));
  console.log(`results: ${path.relative(process.cwd(), file)}`);
  return file;
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
