import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/errors';
import type { Generation } from '../../api/models';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { useExportPrint } from './hooks';
import { DEFAULT_OPTIONS, LIMITS, PRESETS, PRINT_DPI, effectiveDpi, printInput, sheetOf, type Options } from './sheet';
import { SheetPreview } from './SheetPreview';
import { canUpscale } from './upscalable';

const FORMATS = [
  { id: 'pdf', label: 'PDF (для типографии)' },
  { id: 'png', label: 'PNG-картинка, 300 точек на дюйм' },
  { id: 'jpeg', label: 'JPEG-картинка, 300 точек на дюйм' },
] as const;

/** «Печать на торт»: a preset size, the sheet's preview, the lightening, and the file to download. */
export function PrintPanel({ design, onUpscale }: { design: Generation; onUpscale: () => void }) {
  const [options, setOptions] = useState<Options>({ ...DEFAULT_OPTIONS, preset: PRESETS[2] });
  const exported = useExportPrint(design.id);
  const set = <K extends keyof Options>(key: K, value: Options[K]) => setOptions((o) => ({ ...o, [key]: value }));
  const sheet = sheetOf(options);
  const dpi = exported.data?.effectiveDpi ?? (sheet.tops[0] ? effectiveDpi(design.width, design.height, sheet.tops[0].picture) : 0);

  function download(event: FormEvent) {
    event.preventDefault();
    exported.mutate(printInput(options));
  }

  return (
    <div className="printing__columns">
      <div className="printing__preview">
        <SheetPreview sheet={sheet} image={design.public_url ?? ''} cutLine={options.cutLine} lighten={options.lighten} />
        <p className="muted" data-testid="sheet-size">
          {sheet.fit ? 'Лист по размеру торта' : 'Лист A4'}: {Math.round(sheet.width)}×{Math.round(sheet.height)} мм
          {sheet.tops.length > 1 ? ` · ${sheet.tops.length} шт.` : ''}
        </p>
      </div>
      <form className="printing__form" onSubmit={download}>
        <fieldset className="printing__choices">
          <legend>Размер</legend>
          {PRESETS.map((p) => (
            <label key={p.id} className={`chip${options.preset.id === p.id ? ' chip--active' : ''}`}>
              <input type="radio" name="preset" value={p.id} checked={options.preset.id === p.id} onChange={() => set('preset', p)} />
              {p.label}
            </label>
          ))}
        </fieldset>
        <Field label={`Осветлить: ${options.lighten} %`} hint="Пищевые чернила печатают темнее, чем видно на экране.">
          <input
            type="range"
            name="lighten"
            min={LIMITS.lighten.min}
            max={LIMITS.lighten.max}
            step={LIMITS.lighten.step}
            value={options.lighten}
            onChange={(e) => set('lighten', Number(e.target.value))}
          />
        </Field>
        <label className="printing__check">
          <input type="checkbox" checked={options.cutLine} onChange={(e) => set('cutLine', e.target.checked)} /> Линия реза
        </label>
        <Field label="Формат">
          <select className="input" name="format" value={options.format} onChange={(e) => set('format', e.target.value as Options['format'])}>
            {FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </Field>
        <p className={dpi < PRINT_DPI ? 'printing__dpi printing__dpi--low' : 'printing__dpi'} data-testid="effective-dpi">
          Чёткость печати: {dpi} точек на дюйм{dpi < PRINT_DPI ? ' — меньше 300, картинка будет размытой.' : '.'}
        </p>
        {dpi < PRINT_DPI && canUpscale(design) ? (
          <button type="button" className="btn btn--secondary" onClick={onUpscale} data-testid="offer-upscale">
            Увеличить для печати
          </button>
        ) : dpi < PRINT_DPI ? (
          <p className="muted">Сильнее увеличить нельзя: для полной чёткости выберите размер поменьше.</p>
        ) : null}
        {exported.isError ? <Alert tone="error">{messageOf(exported.error)}</Alert> : null}
        <button type="submit" className="btn btn--primary" disabled={exported.isPending} data-testid="print-download">
          {exported.isPending ? 'Готовим файл…' : 'Скачать файл для печати'}
        </button>
        {exported.data ? (
          <p className="muted" role="status" data-testid="print-done">
            Файл «{exported.data.filename}» скачан.
          </p>
        ) : null}
      </form>
    </div>
  );
}
