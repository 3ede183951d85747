import { readFileSync } from 'node:fs';

const ticksPerSecond = 100;

/** user + system ticks of a /proc stat line, in seconds. */
function cpuSecondsOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds (user + system) used so far by one thread of a process (Linux /proc). */
export function threadCpuSeconds(pid: number, tid: number = pid): number {
  return cpuSecondsOf(`/proc/${pid}/task/${tid}/stat`);
}

/** CPU seconds (user + system) used so far by all threads of a process (Linux /proc). */
export function processCpuSeconds(pid: number): number {
  return cpuSecondsOf(`/proc/${pid}/stat`);
}

/** Seconds the whole machine's CPUs were idle so far, summed over cores (Linux /proc/stat). */
export function machineIdleSeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // cpu user nice system idle iowait ...
  return (Number(cpu[4]) + Number(cpu[5])) / ticksPerSecond;
}

/**
 * Seconds one thread has run on a CPU and waited in a run queue for one (Linux schedstat): the
 * wait is time the thread was ready to run while other threads held every core.
 */
export function threadSchedSeconds(pid: number, tid: number = pid): { running: number; waiting: number } {
  const [running, waiting] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ');
  return { running: Number(running) / 1e9, waiting: Number(waiting) / 1e9 };
}
