import { performance } from 'node:perf_hooks'

export function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export interface Timing { ms: number, cpuMs: number }

/** Wall time, and the CPU time this process spent meanwhile. */
export async function timed (work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }
}

/** Median and worst wall time of repeated runs, with their median CPU time. */
export function summarize (samples: Timing[]): { medianMs: number, maxMs: number, medianCpuMs: number } {
  return {
    medianMs: Math.round(median(samples.map(sample => sample.ms))),
    maxMs: Math.round(Math.max(...samples.map(sample => sample.ms))),
    medianCpuMs: Math.round(median(samples.map(sample => sample.cpuMs)))
  }
}
