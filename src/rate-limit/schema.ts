export interface RateLimitTable {
  key: string;
  count: number;
  /** Epoch ms when the window closes and the count starts again. */
  reset_at: number;
}

export interface RateLimitTables {
  rate_limits: RateLimitTable;
}
