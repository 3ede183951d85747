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
 * Seconds one thread has waited in a run queue (Linux schedstat, its second field): time it was
 * ready to run while other threads held every core.
 */
export function threadWaitingSeconds(pid: number, tid: number = pid): number {
  const waiting = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ')[1];
  return Number(waiting) / 1e9;
}

/** CPU seconds (user + system) this process has used since `before` (all its threads). */
export function ownCpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/**
 * Where the CPU goes while a server answers a load sent from this process, summed over the
 * runs `measure` is given: the server's main thread, its other threads (hashing, crypto, V8's
 * helpers, the checkpoint worker), this client, how long the main thread waited for a core, and
 * how long the machine sat idle.
 */
export class CpuTally {
  requests = 0;
  seconds = 0;
  serverMain = 0;
  server = 0;
  client = 0;
  mainWaiting = 0;
  idle = 0;

  constructor(private readonly pid: number) {}

  /** Runs `load`, which reports how many requests it completed, and adds what it cost. */
  async measure<T extends { requests: number }>(load: () => Promise<T>): Promise<T> {
    const before = {
      serverMain: threadCpuSeconds(this.pid),
      server: processCpuSeconds(this.pid),
      client: process.cpuUsage(),
      mainWaiting: threadWaitingSeconds(this.pid),
      idle: machineIdleSeconds(),
      at: performance.now(),
    };
    const result = await load();
    this.seconds += (performance.now() - before.at) / 1000;
    this.serverMain += threadCpuSeconds(this.pid) - before.serverMain;
    this.server += processCpuSeconds(this.pid) - before.server;
    this.client += ownCpuSecondsSince(before.client);
    this.mainWaiting += threadWaitingSeconds(this.pid) - before.mainWaiting;
    this.idle += machineIdleSeconds() - before.idle;
    this.requests += result.requests;
    return result;
  }

  /**
   * One line per request, and the share of the raw hash rate two cores could give even with no
   * core ever idle: a raw hash's CPU (`rawCpuSeconds`, measured in this process) over all the CPU
   * one request takes, client included.
   */
  describe(request: string, rawCpuSeconds: number): string {
    const per = (seconds: number) => `${((seconds / this.requests) * 1000).toFixed(2)} ms`;
    const requestCpu = (this.server + this.client) / this.requests;
    return (
      `CPU per ${request}: server main thread ${per(this.serverMain)}, ` +
      `server other threads ${per(this.server - this.serverMain)}, client ${per(this.client)}; ` +
      `server main thread waited for a core ${per(this.mainWaiting)}; ` +
      `machine idle ${((this.idle / this.seconds) * 100).toFixed(0)}% of one core\n` +
      `  CPU of a raw hash ${(rawCpuSeconds * 1000).toFixed(2)} ms, of one ${request} ` +
      `${(requestCpu * 1000).toFixed(2)} ms (server and client): with no idle core the ratio could reach ` +
      (rawCpuSeconds / requestCpu).toFixed(2)
    );
  }
}
