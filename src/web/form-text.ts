/**
 * Control, format (zero-width, bidi override) and line/paragraph separator characters, and half
 * of a surrogate pair (only a script sends one; stored, it would turn into U+FFFD): what no
 * one-line form field (a name, a contact) may hold, whichever form it is in.
 */
export const unsafeInOneLine = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
