import type { Generation } from '../../api/models';

/** The redraw page of one finished design; `watch` resumes following a redraw started from it. */
export function redrawLink(designId: string, watch?: string): string {
  const path = `/designs/${encodeURIComponent(designId)}/redraw`;
  return watch ? `${path}?${new URLSearchParams({ g: watch }).toString()}` : path;
}

/** The «для торта» page of one finished design: an inscription, the upscale for print, the print file. */
export type PrintingTab = 'inscription' | 'upscale' | 'print';

export function printingLink(designId: string, tab: PrintingTab): string {
  return `/designs/${encodeURIComponent(designId)}/cake?${new URLSearchParams({ tab }).toString()}`;
}

/** A design's own address over the gallery. */
export const designLink = (designId: string) => `/designs/${encodeURIComponent(designId)}`;

/**
 * Where a generation is shown with its progress and result: a redraw on its page, else the studio
 * following it together with `together` (the ids of its submit's variants, side by side).
 */
export function generationLink(generation: Generation, together: readonly string[] = [generation.id]): string {
  const source = generation.init_image?.generation_id;
  if (generation.mask_upload_id && source) return redrawLink(source, generation.id);
  return `/studio?${new URLSearchParams(together.map((id) => ['g', id])).toString()}`;
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
