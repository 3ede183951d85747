/**
 * Control, format (zero-width, bidi override) and line/paragraph separator characters: what no
 * one-line form field (a name, a contact) may hold, whichever form it is in.
 */
export const unsafeInOneLine = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
