import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addInscription, exportPrint, listInscriptionFonts, quoteUpscale, upscaleDesign } from '../../api/endpoints';
import type { Generation, InscriptionInput, PrintInput, UpscaleFactor } from '../../api/models';
import { invalidateMoney } from '../../api/queries';
import { keys } from '../../api/queryKeys';
import { newIdempotencyKey } from '../../shared/lib/ids';

export const useInscriptionFonts = () =>
  useQuery({ queryKey: keys.inscriptionFonts, queryFn: listInscriptionFonts, staleTime: Infinity });

/** A new design appeared: the gallery lists it, the design reads from the cache at once. */
function useNewDesign() {
  const queryClient = useQueryClient();
  return (design: Generation) => {
    queryClient.setQueryData(keys.generation(design.id), design);
    void queryClient.invalidateQueries({ queryKey: keys.generations() });
  };
}

export function useAddInscription(designId: string) {
  const added = useNewDesign();
  return useMutation({ mutationFn: (input: InscriptionInput) => addInscription(designId, input), onSuccess: added });
}

/** What the upscale would cost (and whether the server can do it) before the click. */
export const useUpscaleQuote = (designId: string, factor: UpscaleFactor, enabled: boolean) =>
  useQuery({
    queryKey: keys.upscaleQuote(designId, factor),
    queryFn: ({ signal }) => quoteUpscale(designId, factor, signal),
    enabled,
    staleTime: 60_000,
    retry: false,
  });

export function useUpscale(designId: string) {
  const queryClient = useQueryClient();
  const added = useNewDesign();
  return useMutation({
    // A fresh key per click: a network retry of this request would reuse it, a new click does not.
    mutationFn: (factor: UpscaleFactor) => upscaleDesign(designId, factor, newIdempotencyKey()),
    onSuccess: (design) => {
      added(design);
      void invalidateMoney(queryClient); // the price is reserved now
    },
  });
}

/** Asks the server for the file and saves it under the name it gives. */
export function useExportPrint(designId: string) {
  return useMutation({
    mutationFn: async (input: PrintInput) => {
      const file = await exportPrint(designId, input);
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return file;
    },
  });
}
