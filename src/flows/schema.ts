/**
 * Tables owned by the flows (verification codes, activation and reset tokens).
 * Each flow adds its own interface here and its own migration file.
 */
// biome-ignore lint/complexity/noBannedTypes: filled in by the flows
export type FlowTables = {};
