// bench:library — the library over 100,000 recordings (synthetic rows inserted straight into SQLite at
// schema 4, then the library migration run on them, as an upgrade would), against baselines in the same run:
//   1. engine: the first page (100 rows, newest first), a deep page, and searches (a common word, a rare
//      one, a word plus a month), timed inside library.page; baselines are the recording store's
//      pre-existing list(100) and a naive LIKE '%word%' scan with ORDER BY and COUNT;
//   2. UI: real Chromium through the web shell, time from the click (or the keystroke) until the rows are
//      rendered: first page, search, and a jump to the middle of the list; the baseline is the same UI on a
//      library of 100 recordings.
// FIELDTAPE_BENCH_LIBRARY_ROWS changes the size (default 100000); FIELDTAPE_BENCH_RUNS the repetitions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { openDatabase, type Db } from '../../main/core/store/database';
import { createLibraryQueries } from '../../main/core/store/library-queries';
import { MIGRATIONS } from '../../main/core/store/migrations/index';
import { createRecordingStore } from '../../main/core/store/recording-store';
import { launchChromium } from '../support/chromium';
import { startWebShellProcess } from '../support/web-shell-process';
import { percentile, writeReport, type BenchRow } from './bench-report';

const ROWS = Number(process.env.FIELDTAPE_BENCH_LIBRARY_ROWS ?? 100_000);
const SMALL = 100;
const RUNS = Number(process.env.FIELDTAPE_BENCH_RUNS ?? 7);
const LIBRARY_VERSION = MIGRATIONS.find((m) => m.name === 'library-tags-and-search')!.version;
const WORDS = ['boiler', 'valve', 'pump', 'inspection', 'gasket', 'meter', 'panel', 'roof', 'heater', 'leak'];
const PEOPLE = ['ada', 'grace', 'linus', 'ken', 'barbara', 'edsger', 'donald', 'margaret'];
// renderer/features/library/LibraryPage.tsx ROW_HEIGHT (the row grew a line for the s3:// location).
const ROW_HEIGHT = 104;
const rows: BenchRow[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldtape-bench-library-'));

/** A library of `count` recordings, built at the schema before the library migration, then migrated. */
function buildLibrary(home: string, count: number): { insertMs: number; migrateMs: number } {
  const file = path.join(home, 'fieldtape.db');
  const before = openDatabase(file, MIGRATIONS.filter((m) => m.version < LIBRARY_VERSION));
  before.pragma('synchronous = OFF');
  const started = performance.now();
  const recording = before.prepare(
    `INSERT INTO recordings (id, state, state_json, source_json, session_id, participant, profile_id, title, created_at, updated_at, started_at, stopped_at, duration_sec)
     VALUES (?, ?, ?, '{"kind":"intake","mime":"video/webm;codecs=vp8,opus"}', ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
  );
  // A third were delivered (terminal rows: the delivery engine in the web shell leaves them alone), and,
  // as after any confirmed delivery, their raw chunks are already gone. No row names a profile, or that
  // engine would try to deliver 100,000 recordings the moment the shell starts.
  const delivery = before.prepare(
    `INSERT INTO deliveries (recording_id, profile_id, mode, state, state_json, created_at, updated_at, delivered_at, journal_deleted_at)
     VALUES (?, 'prof_bench0001', 'post-stop', 'delivered', ?, ?, ?, ?, ?)`,
  );
  const artifact = before.prepare('INSERT INTO artifacts (recording_id, kind, path, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  before.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `rec_${i.toString(36).padStart(10, '0')}`;
      const at = new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString();
      const failed = i % 50 === 7;
      const state = failed ? { status: 'failed', at, error: { code: 'MEDIA_ERROR', message: 'synthetic' } } : { status: 'ready', at };
      const title = `${WORDS[i % 10]} ${WORDS[(i * 7 + 3) % 10]} visit ${i}`;
      recording.run(id, state.status, JSON.stringify(state), `sess-${Math.floor(i / 3)}`, `${PEOPLE[i % 8]}@field.example`, title, at, at, at, at, 600);
      if (!failed) {
        artifact.run(id, 'snapshot', path.join(home, 'recordings', id, 'artifacts', 'snapshot.jpg'), 40_000, 'a'.repeat(64), at);
        artifact.run(id, 'mp4', path.join(home, 'recordings', id, 'artifacts', 'recording.mp4'), 60_000_000, 'b'.repeat(64), at);
        if (i % 3 === 0) delivery.run(id, JSON.stringify({ status: 'delivered', at }), at, at, at, at);
      }
    }
  })();
  const insertMs = performance.now() - started;
  before.close();
  const migrating = performance.now();
  openDatabase(file).close();
  return { insertMs, migrateMs: performance.now() - migrating };
}

function time(fn: () => unknown, runs = RUNS): { median: number; p95: number; first: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { median: percentile(samples, 50), p95: percentile(samples, 95), first: samples[0]! };
}

function benchEngine(db: Db): void {
  const library = createLibraryQueries(db);
  const store = createRecordingStore(db);
  const page = (query: Record<string, unknown>) => library.page({ offset: 0, limit: 100, ...query });
  const naive = (word: string) => {
    const like = `%${word}%`;
    db.prepare('SELECT COUNT(*) FROM recordings WHERE title LIKE ? OR participant LIKE ? OR profile_id LIKE ?').get(like, like, like);
    return db.prepare('SELECT * FROM recordings WHERE title LIKE ? OR participant LIKE ? OR profile_id LIKE ? ORDER BY created_at DESC LIMIT 100').all(like, like, like);
  };

  const first = time(() => page({}));
  const baselineList = time(() => store.list(100));
  rows.push({ metric: `engine: first page (100 of ${ROWS})`, value: first.median, unit: 'ms', baseline: baselineList.median, ratio: first.median / baselineList.median, note: `p95 ${first.p95.toFixed(1)} ms, cold ${first.first.toFixed(1)} ms; baseline: recording store list(100)` });
  const deep = time(() => page({ offset: Math.floor(ROWS / 2) }));
  rows.push({ metric: `engine: page at offset ${Math.floor(ROWS / 2)}`, value: deep.median, unit: 'ms', baseline: first.median, ratio: deep.median / first.median, note: `p95 ${deep.p95.toFixed(1)} ms; baseline: first page` });

  const searches: Array<[string, string, string]> = [
    ['ada', 'ada', 'common word (1 in 8 rows)'],
    [`visit ${Math.floor(ROWS * 0.37)}`, `visit ${Math.floor(ROWS * 0.37)}`, 'rare words (a handful of rows)'],
    ['grace 2024-06', 'grace', 'word + month'],
  ];
  for (const [query, naiveWord, label] of searches) {
    const result = page({ search: query });
    const searched = time(() => page({ search: query }));
    const baseline = time(() => naive(naiveWord));
    rows.push({
      metric: `engine: search "${query}"`,
      value: searched.median,
      unit: 'ms',
      baseline: baseline.median,
      ratio: searched.median / baseline.median,
      note: `${label}: ${result.total} matches; p95 ${searched.p95.toFixed(1)} ms; baseline: LIKE '%${naiveWord}%' scan + COUNT`,
    });
  }
  const filtered = time(() => page({ search: 'ada', states: ['failed'] }));
  rows.push({ metric: 'engine: search "ada" + state failed', value: filtered.median, unit: 'ms', note: `p95 ${filtered.p95.toFixed(1)} ms` });
}

/**
 * In the page: act, then wait (checking every animation frame) until real rows are on screen. Plain
 * JavaScript source, so the TypeScript runner's helpers never leak into the page.
 */
const UNTIL_ROWS = `({ action, rowHeight }) => new Promise((resolve, reject) => {
  const started = window.performance.now();
  const rowsReady = (predicate) => {
    const texts = [...document.querySelectorAll('.vrow .entry:not(.placeholder)')].map((e) => e.textContent || '');
    return texts.length > 0 && texts.every(predicate) && document.querySelectorAll('.vrow .placeholder').length === 0;
  };
  let done;
  if (action === 'open') {
    [...document.querySelectorAll('nav button')].find((b) => b.textContent === 'Library').click();
    done = () => rowsReady(() => true);
  } else if (action.search !== undefined) {
    const input = document.querySelector('input[type="search"]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, action.search);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const needle = action.expect.toLowerCase();
    const count = document.querySelector('[data-testid="library-count"]');
    done = () => (count.textContent || '').includes('match') && rowsReady((t) => t.toLowerCase().includes(needle));
  } else {
    document.querySelector('[data-testid="library-viewport"]').scrollTop = action.scrollTo * rowHeight;
    done = () => rowsReady(() => true) && [...document.querySelectorAll('.vrow .entry-title')].some((e) => (e.textContent || '').endsWith(action.title));
  }
  const deadline = started + 30000;
  const check = () => {
    if (done()) resolve(window.performance.now() - started);
    else if (window.performance.now() > deadline) reject(new Error('rows never rendered for ' + JSON.stringify(action)));
    else requestAnimationFrame(check);
  };
  check();
})`;

function untilRows(page: Page, action: 'open' | { search: string; expect: string } | { scrollTo: number; title: string }): Promise<number> {
  return page.evaluate(`(${UNTIL_ROWS})(${JSON.stringify({ action, rowHeight: ROW_HEIGHT })})`) as Promise<number>;
}

/** The built web shell (with a start-up allowance for a very large library), and how long it took to print its URL. */
async function startShell(home: string): Promise<{ url: string; startMs: number; stop(): Promise<void> }> {
  const started = performance.now();
  const shell = await startWebShellProcess(home, {}, 600_000);
  return { url: shell.url, startMs: performance.now() - started, stop: shell.stop };
}

async function benchUi(home: string, count: number): Promise<Record<string, number>> {
  const shell = await startShell(home);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const samples: Record<string, number[]> = { open: [], search: [], scroll: [] };
  try {
    await page.goto(shell.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: 'Record', exact: true }).waitFor();
    for (let i = 0; i < RUNS; i++) {
      await page.getByRole('button', { name: 'Home' }).click();
      samples.open!.push(await untilRows(page, 'open'));
      const who = i % 2 ? 'grace' : 'ada';
      samples.search!.push(await untilRows(page, { search: who, expect: `${who}@field` }));
      await page.getByLabel('Search recordings').fill('');
      await page.getByTestId('library-count').filter({ hasNotText: 'match' }).filter({ hasText: 'recordings' }).waitFor();
      const row = Math.floor(count / 2) - i;
      samples.scroll!.push(await untilRows(page, { scrollTo: row, title: `visit ${count - 1 - row}` }));
    }
  } finally {
    await browser.close();
    await shell.stop();
  }
  return { ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, percentile(v, 50)])), startMs: shell.startMs };
}

async function main(): Promise<void> {
  console.log(`library bench: ${ROWS} recordings, ${RUNS} runs each; work dir ${work}`);
  const bigHome = path.join(work, 'big');
  const smallHome = path.join(work, 'small');
  fs.mkdirSync(bigHome);
  fs.mkdirSync(smallHome);
  const big = buildLibrary(bigHome, ROWS);
  buildLibrary(smallHome, SMALL);
  rows.push({ metric: `setup: insert ${ROWS} synthetic recordings`, value: big.insertMs, unit: 'ms', note: 'one transaction, schema 4' });
  rows.push({ metric: `setup: library migration over ${ROWS} recordings`, value: big.migrateMs, unit: 'ms', note: 'tags, FTS5 index and its backfill' });

  const db = openDatabase(path.join(bigHome, 'fieldtape.db'));
  benchEngine(db);
  db.close();

  const ui = await benchUi(bigHome, ROWS);
  const uiSmall = await benchUi(smallHome, SMALL);
  rows.push(
    { metric: `UI: first page rendered (${ROWS})`, value: ui.open!, unit: 'ms', baseline: uiSmall.open!, ratio: ui.open! / uiSmall.open!, note: `click on Library → rows on screen; baseline: ${SMALL} recordings` },
    { metric: `UI: search rendered (${ROWS})`, value: ui.search!, unit: 'ms', baseline: uiSmall.search!, ratio: ui.search! / uiSmall.search!, note: 'keystroke → matching rows on screen, includes the 200 ms typing debounce' },
    { metric: `UI: jump to the middle rendered (${ROWS})`, value: ui.scroll!, unit: 'ms', baseline: uiSmall.scroll!, ratio: ui.scroll! / uiSmall.scroll!, note: 'scrollTop to row N/2 → its rows fetched and on screen' },
    { metric: `web shell start-up (${ROWS})`, value: ui.startMs!, unit: 'ms', baseline: uiSmall.startMs!, ratio: ui.startMs! / uiSmall.startMs!, note: 'spawn → URL printed (the whole engine starting, delivery included); not the library' },
  );
  writeReport('library', rows, { rows: ROWS, runs: RUNS });
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
