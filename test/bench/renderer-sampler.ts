// CPU and memory of one Chromium's renderer processes over a window of time, sampled every 5 s through
// CDP (SystemInfo.getProcessInfo for CPU time, /proc for RSS, Performance.getMetrics for the JS heap).
// Shared by the benchmarks that compare a page recording against the same page not recording.
import fs from 'node:fs';
import type { CDPSession } from 'playwright-core';

const SAMPLE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

interface Sample {
  at: number;
  rendererCpuSec: number;
  browserCpuSec: number;
  rendererRssMb: number;
  jsHeapMb: number;
}

async function sample(browserCdp: CDPSession, pageCdp: CDPSession): Promise<Sample> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as unknown as { processInfo: ProcessInfo[] };
  const renderers = processInfo.filter((p) => p.type === 'renderer');
  const metrics = (await pageCdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  return {
    at: Date.now(),
    rendererCpuSec: renderers.reduce((sum, p) => sum + p.cpuTime, 0),
    browserCpuSec: processInfo.reduce((sum, p) => sum + p.cpuTime, 0),
    rendererRssMb: renderers.reduce((sum, p) => sum + rssMb(p.id), 0),
    jsHeapMb: heap / 2 ** 20,
  };
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

export interface RendererWindow {
  cpuPercent: number;
  browserCpuPercent: number;
  rssMbMean: number;
  rssMbMax: number;
  /**
   * How far RSS grew over the window: the mean of its last stretch minus that of its second (the first is
   * the ramp-up as recording begins). A stretch is a minute, or a fifth of a shorter window.
   */
  rssGrowthMb: number;
  heapMbMax: number;
}

export async function measureRenderer(browserCdp: CDPSession, pageCdp: CDPSession, seconds: number, label: string): Promise<RendererWindow> {
  const samples: Sample[] = [await sample(browserCdp, pageCdp)];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await sleep(Math.min(SAMPLE_MS, end - Date.now()));
    samples.push(await sample(browserCdp, pageCdp));
    const last = samples[samples.length - 1]!;
    const prev = samples[samples.length - 2]!;
    const wall = (last.at - prev.at) / 1000;
    process.stdout.write(`\r${label}: ${Math.round((end - Date.now()) / 1000)} s left, renderer ${(((last.rendererCpuSec - prev.rendererCpuSec) / wall) * 100).toFixed(0)}% CPU, ${last.rendererRssMb.toFixed(0)} MB   `);
  }
  process.stdout.write('\n');
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const wall = (last.at - first.at) / 1000;
  return {
    cpuPercent: ((last.rendererCpuSec - first.rendererCpuSec) / wall) * 100,
    browserCpuPercent: ((last.browserCpuSec - first.browserCpuSec) / wall) * 100,
    rssMbMean: samples.reduce((s, x) => s + x.rendererRssMb, 0) / samples.length,
    rssMbMax: Math.max(...samples.map((x) => x.rendererRssMb)),
    rssGrowthMb: rssGrowth(samples, Math.min(60_000, (last.at - first.at) / 5)),
    heapMbMax: Math.max(...samples.map((x) => x.jsHeapMb)),
  };
}


function rssGrowth(samples: readonly Sample[], stretchMs: number): number {
  const start = samples[0]!.at;
  const end = samples[samples.length - 1]!.at;
  const mean = (from: number, to: number) => {
    const inside = samples.filter((x) => x.at >= from && x.at <= to);
    return inside.length ? inside.reduce((s, x) => s + x.rendererRssMb, 0) / inside.length : Number.NaN;
  };
  return mean(end - stretchMs, end) - mean(start + stretchMs, start + 2 * stretchMs);
}
