import type { Generation } from '../../api/models';

/** The redraw page of one finished design; `watch` resumes following a redraw started from it. */
export function redrawLink(designId: string, watch?: string): string {
  const path = `/designs/${encodeURIComponent(designId)}/redraw`;
  return watch ? `${path}?${new URLSearchParams({ g: watch }).toString()}` : path;
}

/** Where a generation is shown with its progress and result: its redraw page, else the studio. */
export function generationLink(generation: Generation): string {
  const source = generation.init_image?.generation_id;
  if (generation.mask_upload_id && source) return redrawLink(source, generation.id);
  return `/studio?${new URLSearchParams({ g: generation.id }).toString()}`;
}
