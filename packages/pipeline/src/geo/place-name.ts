/**
 * Folds a place name to the key the gazetteer indexes it by: lower case, no diacritics, no
 * apostrophes, and hyphens, slashes and runs of spaces as one space. So "Jema'a", "Jemaa" and
 * "JEMA'A" meet, as do "Birnin-Gwari" and "Birnin Gwari", and "Obio/Akpor" and "Obio-Akpor".
 */
export function placeKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[-‐–—/.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
