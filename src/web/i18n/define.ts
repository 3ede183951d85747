/**
 * One feature's user-facing texts: English defines the keys, Czech must translate every one.
 * Keys are stable IDs (`feature.thing`), also used as API error messages' IDs.
 */
export function defineMessages<const En extends Record<string, string>>(
  en: En,
  cs: { readonly [K in keyof En]: string },
): { readonly en: En; readonly cs: { readonly [K in keyof En]: string } } {
  return { en, cs };
}
