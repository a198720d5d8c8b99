/** Lower case without accents: what staff type matches what was stored ("zoe" finds "Zoé"). */
export function normaliseSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
