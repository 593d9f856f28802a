/**
 * The studio opened from an existing design (features cannot import each other, so the design
 * travels in the URL): `?from=<id>` fills the form with its settings, `&refine=1` also starts from
 * its picture («Доработать»).
 */
export function studioLink(generationId: string, { refine = false } = {}): string {
  const params = new URLSearchParams({ from: generationId });
  if (refine) params.set('refine', '1');
  return `/studio?${params.toString()}`;
}
