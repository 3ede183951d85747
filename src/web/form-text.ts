/**
 * Control, format (zero-width, bidi override) and line/paragraph separator characters, and half
 * of a surrogate pair (only a script sends one; stored, it would turn into U+FFFD): what no
 * one-line form field (a name, a contact) may hold, whichever form it is in.
 */
export const unsafeInOneLine = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/**
 * What a text a person writes (a name, a message) may not hold: the characters above, except
 * the invisible ones that written text needs and that pasted text often carries: soft hyphen,
 * zero-width non-joiner and joiner (Persian and Indic words, emoji sequences) and the
 * left-to-right and right-to-left marks. Overrides and isolates stay refused, so no text can
 * show itself in another order than it is stored.
 */
export const unsafeInWrittenText = /(?![\u00ad\u200c-\u200f])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
