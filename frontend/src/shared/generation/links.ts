import type { Generation } from '../../api/models';

/** The redraw page of one finished design; `watch` resumes following a redraw started from it. */
export function redrawLink(designId: string, watch?: string): string {
  const path = `/designs/${encodeURIComponent(designId)}/redraw`;
  return watch ? `${path}?${new URLSearchParams({ g: watch }).toString()}` : path;
}

/**
 * Where generations are shown with their progress and results: a redraw on its page, else the studio
 * following every one of them (the variants of one submit side by side).
 */
export function generationLink(first: Generation, ...rest: Generation[]): string {
  const source = first.init_image?.generation_id;
  if (first.mask_upload_id && source) return redrawLink(source, first.id);
  return `/studio?${new URLSearchParams([first, ...rest].map((g) => ['g', g.id])).toString()}`;
}

/**
 * The variants of one submit together (in variant order), each group where its first member stood;
 * a generation without a group is a group of its own.
 */
export function groupVariants(items: readonly Generation[]): Generation[][] {
  const groups = new Map<string, Generation[]>();
  for (const g of items) {
    const key = g.group_id ?? g.id;
    const group = groups.get(key);
    if (group) group.push(g);
    else groups.set(key, [g]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => (a.variant_index ?? 0) - (b.variant_index ?? 0)));
}
