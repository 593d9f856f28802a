import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, formErrorMessage } from '../../api/errors';
import type { Generation, InscriptionFont } from '../../api/models';
import { designLink, printingLink } from '../../shared/generation/links';
import { Alert } from '../../shared/ui/Alert';
import { Field } from '../../shared/ui/Field';
import { useAddInscription, useInscriptionFonts } from './hooks';
import { drawInscription, linesOf, type InscriptionDraft } from './inscriptionPreview';

const TEXT_MAX = 60;
const PLACEMENTS = [
  { id: 'arc_top', label: 'Дугой сверху' },
  { id: 'arc_bottom', label: 'Дугой снизу' },
  { id: 'center', label: 'В центре' },
  { id: 'bottom', label: 'Внизу' },
] as const;
const SIZES = [
  { id: 'small', label: 'Мелко' },
  { id: 'medium', label: 'Средне' },
  { id: 'large', label: 'Крупно' },
] as const;
const FIELDS = ['text', 'font', 'color', 'outline_color', 'size', 'placement'];

export function validateInscription(text: string): string | null {
  if (!linesOf(text).length) return 'Введите надпись.';
  if (text.length > TEXT_MAX) return `Не больше ${TEXT_MAX} символов.`;
  if (linesOf(text).length > 2) return 'Не больше двух строк.';
  return null;
}

/** «Надпись»: text, font, colours, size and place, previewed live; the server draws the final one. */
export function InscriptionPanel({ design }: { design: Generation }) {
  const fonts = useInscriptionFonts();
  const add = useAddInscription(design.id);
  const [draft, setDraft] = useState<InscriptionDraft>({
    text: 'С днём рождения!',
    font: 'marck-script',
    color: '#ffffff',
    outline_color: '#c2185b',
    size: 'medium',
    placement: 'arc_top',
  });
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof InscriptionDraft>(key: K, value: InscriptionDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const fieldErrors = add.error instanceof ApiError ? add.error.fieldErrors : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = validateInscription(draft.text);
    setError(problem);
    if (!problem) add.mutate(draft);
  }

  return (
    <div className="printing__columns">
      <InscriptionCanvas design={design} draft={draft} font={fonts.data?.find((f) => f.id === draft.font)} />
      <form className="printing__form" onSubmit={submit} noValidate>
        <Field label="Текст надписи" error={error ?? fieldErrors.text} hint="Одна или две строки, до 60 символов." aside={`${draft.text.length}/${TEXT_MAX}`}>
          <textarea className="input" name="text" rows={2} maxLength={TEXT_MAX + 10} value={draft.text} onChange={(e) => set('text', e.target.value)} />
        </Field>
        <Field label="Шрифт" error={fieldErrors.font}>
          <select className="input" name="font" value={draft.font} onChange={(e) => set('font', e.target.value as InscriptionDraft['font'])}>
            {(fonts.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </select>
        </Field>
        <div className="printing__row">
          <Field label="Цвет" error={fieldErrors.color}>
            <input className="input input--color" type="color" name="color" value={draft.color} onChange={(e) => set('color', e.target.value)} />
          </Field>
          <Field label="Обводка" error={fieldErrors.outline_color}>
            <span className="printing__outline">
              <input
                type="checkbox"
                aria-label="С обводкой"
                checked={draft.outline_color !== null}
                onChange={(e) => set('outline_color', e.target.checked ? '#c2185b' : null)}
              />
              {draft.outline_color !== null ? (
                <input className="input input--color" type="color" aria-label="Цвет обводки" value={draft.outline_color} onChange={(e) => set('outline_color', e.target.value)} />
              ) : null}
            </span>
          </Field>
        </div>
        <fieldset className="printing__choices">
          <legend>Где</legend>
          {PLACEMENTS.map((p) => (
            <label key={p.id} className={`chip${draft.placement === p.id ? ' chip--active' : ''}`}>
              <input type="radio" name="placement" value={p.id} checked={draft.placement === p.id} onChange={() => set('placement', p.id)} />
              {p.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="printing__choices">
          <legend>Размер букв</legend>
          {SIZES.map((s) => (
            <label key={s.id} className={`chip${draft.size === s.id ? ' chip--active' : ''}`}>
              <input type="radio" name="size" value={s.id} checked={draft.size === s.id} onChange={() => set('size', s.id)} />
              {s.label}
            </label>
          ))}
        </fieldset>
        {add.isError && formErrorMessage(add.error, FIELDS) ? <Alert tone="error">{formErrorMessage(add.error, FIELDS)}</Alert> : null}
        <button type="submit" className="btn btn--primary" disabled={add.isPending} data-testid="inscription-submit">
          {add.isPending ? 'Наносим надпись…' : 'Нанести надпись'}
        </button>
        <p className="muted">Бесплатно: надпись рисуется на сервере за секунду и сохраняется как новый дизайн.</p>
        {add.data ? (
          <Alert tone="success" title="Надпись готова">
            <img className="printing__result" src={add.data.public_url ?? ''} alt={`Дизайн с надписью «${draft.text}»`} data-testid="inscription-result" />
            <p className="printing__links">
              <Link to={designLink(add.data.id)}>Открыть дизайн</Link>
              <Link to={printingLink(add.data.id, 'print')} data-testid="inscription-print">
                Печать на торт
              </Link>
            </p>
          </Alert>
        ) : null}
      </form>
    </div>
  );
}

/**
 * The design with the text over it: the picture is an <img>, the letters a transparent canvas on top,
 * redrawn on every change with the font the server uses (the canvas never holds the cross-origin
 * picture, so it stays readable).
 */
function InscriptionCanvas({ design, draft, font }: { design: Generation; draft: InscriptionDraft; font?: InscriptionFont }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [family, setFamily] = useState('serif');

  useEffect(() => {
    if (!font || typeof FontFace === 'undefined') return;
    const name = `cake-${font.id}`;
    const face = new FontFace(name, `url(${font.url})`);
    let live = true;
    face
      .load()
      .then((loaded) => {
        document.fonts.add(loaded);
        if (live) setFamily(name);
      })
      .catch(() => undefined); // the preview keeps the fallback face; the server's render is the real one
    return () => {
      live = false;
    };
  }, [font]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    drawInscription(ctx, draft, family);
  }, [draft, family]);

  const side = 480;
  const height = Math.round((side * design.height) / design.width);
  return (
    <div className="printing__preview">
      <div className="printing__stack">
        <img src={design.public_url ?? ''} alt="" width={side} height={height} className="printing__canvas" />
        <canvas ref={canvas} width={side} height={height} className="printing__overlay" data-testid="inscription-canvas" aria-label="Предпросмотр надписи" role="img" />
      </div>
      <p className="muted">Предпросмотр. Окончательную надпись нарисует сервер тем же шрифтом.</p>
    </div>
  );
}
