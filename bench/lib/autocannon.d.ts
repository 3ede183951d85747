// The few parts of autocannon 9 (no bundled types) that the benchmarks use.
declare module 'autocannon' {
  interface Histogram {
    readonly average: number;
    readonly mean: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
    readonly total: number;
  }
  export interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly throughput: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly duration: number;
  }
  /** The request autocannon is about to send; `setupRequest` returns it changed. */
  export interface RequestParams {
    readonly method?: string;
    readonly path?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  }
  export interface Options {
    readonly url: string;
    readonly requests?: readonly { setupRequest?: (request: RequestParams) => RequestParams }[];
    readonly connections?: number;
    readonly pipelining?: number;
    readonly duration?: number;
    readonly amount?: number;
    readonly headers?: Record<string, string>;
    readonly method?: string;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
