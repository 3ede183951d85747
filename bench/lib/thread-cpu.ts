import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) used so far by one thread of a process (Linux /proc). */
export function threadCpuSeconds(pid: number, tid: number = pid): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
