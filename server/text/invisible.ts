// Characters that change how text looks without being seen: bidirectional embeddings, overrides
// and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks (U+200E, U+200F, U+061C),
// and zero-width characters (U+200B–U+200D, U+2060, U+FEFF). In a name or a subject they only
// serve to disguise it ("‮fdp.exe" shows as "exe.pdf"), so they are removed where a citizen's
// text comes in, and shown as ⟦U+202E⟧ where the back office shows text stored before that.

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** The text without bidirectional controls and zero-width characters. */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}

/** The text with each such character written out visibly, as ⟦U+202E⟧ (for staff to see). */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟧`);
}
