/** Versions of the documents a customer agrees to; the version goes into the consent evidence. */
export const legalDocuments = {
  terms: { version: '2026-01', effective: '2026-01-01' },
  privacy: { version: '2026-01', effective: '2026-01-01' },
  marketing: { version: '2026-01', effective: '2026-01-01' },
} as const;

export type LegalDocument = keyof typeof legalDocuments;
