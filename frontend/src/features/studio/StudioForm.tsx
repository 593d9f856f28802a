import { useState, type FormEvent, type ReactNode } from 'react';
import { LIMITS } from '../../api/limits';
import type { Style } from '../../api/models';
import { PromptField } from '../../shared/generation/PromptField';
import { randomSeed } from '../../shared/lib/ids';
import { Field } from '../../shared/ui/Field';
import { PROMPT_EXAMPLES } from './examples';
import { PictureField } from './PictureField';
import { rangesOf, withQuality, type StudioErrors, type StudioValues } from './studioValues';

export const STUDIO_FORM_ID = 'studio-form';

const SIZE_LABELS: Record<string, string> = {
  '512x512': 'Квадрат',
  '512x768': 'Портрет',
  '768x512': 'Альбом',
  '768x768': 'Большой квадрат',
};

const QUALITIES = [
  { value: 'standard', label: 'Полное качество', hint: '10–40 шагов' },
  { value: 'draft', label: 'Черновик (быстро)', hint: '4–8 шагов, дешевле' },
] as const;

interface StudioFormProps {
  values: StudioValues;
  errors: StudioErrors;
  styles: Style[];
  stylesLoading: boolean;
  /** The server offers «Черновик» (GET /api/ready -> ml_engine.drafts); otherwise the choice is hidden. */
  draftsAvailable: boolean;
  /** The seed of the design the studio was opened from: «Повторить тот же узор» offers it. */
  reuseSeed?: number | null;
  onChange: (patch: Partial<StudioValues>) => void;
  onSubmit: () => void;
}

type Example = (typeof PROMPT_EXAMPLES)[number];

export function StudioForm({ values, errors, styles, stylesLoading, draftsAvailable, reuseSeed = null, onChange, onSubmit }: StudioFormProps) {
  // An idea chip never overwrites the user's own words without asking.
  const [askReplace, setAskReplace] = useState<Example | null>(null);
  const applyExample = (example: Example) => {
    setAskReplace(null);
    const styleKnown = styles.some((style) => style.code === example.style);
    onChange({ prompt: example.prompt, ...(styleKnown ? { style: example.style } : {}) });
  };
  const pickExample = (example: Example) => {
    const typed = values.prompt.trim();
    if (typed && typed !== example.prompt) setAskReplace(example);
    else applyExample(example);
  };
  const ranges = rangesOf(values.quality);
  const selectedStyle = styles.find((style) => style.code === values.style);

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form id={STUDIO_FORM_ID} className="card studio__form form" onSubmit={handleSubmit} noValidate aria-label="Параметры дизайна">
      <PromptField
        label="Опишите торт"
        error={errors.prompt_ru}
        hint="Чем подробнее — тем лучше: ярусы, цвета, декор, надпись, повод."
        rows={4}
        placeholder="Например: трёхъярусный торт с кремовыми розами и золотыми каплями"
        value={values.prompt}
        onChange={(prompt) => onChange({ prompt })}
        counted
      />

      <div className="examples" role="group" aria-label="Идеи для вдохновения">
        <span className="examples__label" aria-hidden="true">
          Идеи:
        </span>
        {PROMPT_EXAMPLES.map((example) => (
          <button
            key={example.label}
            type="button"
            className="chip chip--idea"
            title={example.prompt}
            onClick={() => pickExample(example)}
          >
            {example.label}
          </button>
        ))}
      </div>
      {askReplace ? (
        <div className="confirm-inline" role="group" aria-labelledby="replace-question" data-testid="replace-confirm">
          <p id="replace-question">Заменить ваш текст примером «{askReplace.label}»?</p>
          <div className="confirm-inline__actions">
            <button type="button" className="btn btn--primary btn--sm" onClick={() => applyExample(askReplace)}>
              Заменить
            </button>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAskReplace(null)}>
              Оставить мой текст
            </button>
          </div>
        </div>
      ) : null}

      <PictureField
        picture={values.picture}
        strength={values.strength}
        onPicture={(picture) => onChange({ picture })}
        onStrength={(strength) => onChange({ strength })}
      />

      <fieldset className="fieldset" aria-describedby={errors.style ? 'style-error' : undefined}>
        <legend className="field__label">Стиль</legend>
        {stylesLoading ? <p className="muted">Загружаем стили…</p> : null}
        <div className="style-chips" role="radiogroup" aria-label="Стиль">
          {styles.map((style) => (
            <label key={style.code} data-testid={`style-${style.code}`} className={`style-chip${values.style === style.code ? ' style-chip--active' : ''}`}>
              <input
                type="radio"
                name="style"
                value={style.code}
                checked={values.style === style.code}
                onChange={() => onChange({ style: style.code })}
                className="visually-hidden"
                aria-describedby={`style-desc-${style.code}`}
              />
              <span className="style-chip__title">{style.title}</span>
              <span className="style-chip__desc" id={`style-desc-${style.code}`}>
                {style.description}
              </span>
            </label>
          ))}
        </div>
        {selectedStyle ? (
          <p className="field__hint style-selected" data-testid="style-description">
            {selectedStyle.title}: {selectedStyle.description}
          </p>
        ) : null}
        {errors.style ? (
          <p className="field__error" id="style-error" role="alert">
            {errors.style}
          </p>
        ) : null}
      </fieldset>

      {draftsAvailable ? (
        <fieldset className="fieldset">
          <legend className="field__label">Качество</legend>
          <div className="size-options" role="radiogroup" aria-label="Качество">
            {QUALITIES.map(({ value, label, hint }) => (
              <OptionCard key={value} name="quality" value={value} checked={values.quality === value} onSelect={() => onChange(withQuality(values, value))} textOnly>
                <span className="size-option__text">
                  {label}
                  <small>{hint}</small>
                </span>
              </OptionCard>
            ))}
          </div>
        </fieldset>
      ) : null}

      <fieldset className="fieldset">
        <legend className="field__label">Размер</legend>
        <div className="size-options" role="radiogroup" aria-label="Размер">
          {LIMITS.sizes.map((size) => {
            const [w, h] = size.split('x').map(Number);
            return (
              <OptionCard key={size} name="size" value={size} checked={values.size === size} onSelect={() => onChange({ size })}>
                <span className="size-option__shape" style={{ width: w / 16, height: h / 16 }} aria-hidden="true" />
                <span className="size-option__text">
                  {SIZE_LABELS[size]}
                  <small>{size.replace('x', '×')}</small>
                </span>
              </OptionCard>
            );
          })}
        </div>
        {errors.size ? (
          <p className="field__error" role="alert">
            {errors.size}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="fieldset">
        <legend className="field__label">Сколько вариантов</legend>
        <div className="segmented" role="radiogroup" aria-label="Сколько вариантов" aria-describedby="variants-hint">
          {Array.from({ length: LIMITS.variants.max - LIMITS.variants.min + 1 }, (_, i) => LIMITS.variants.min + i).map((n) => (
            <label key={n} className={`segmented__option${values.variants === n ? ' segmented__option--active' : ''}`}>
              <input type="radio" name="variants" value={n} checked={values.variants === n} onChange={() => onChange({ variants: n })} className="visually-hidden" />
              {n}
            </label>
          ))}
        </div>
        <p className="field__hint" id="variants-hint">
          Несколько вариантов по одному описанию — выберите лучший.
        </p>
      </fieldset>

      {reuseSeed !== null ? (
        <label className="checkbox" data-testid="reuse-seed">
          <input
            type="checkbox"
            checked={values.seed === String(reuseSeed)}
            onChange={(event) => onChange({ seed: event.target.checked ? String(reuseSeed) : '' })}
          />
          <span>
            Повторить тот же узор
            <small className="field__hint">Картинка выйдет похожей на исходную; без галочки — новый рисунок.</small>
          </span>
        </label>
      ) : null}

      <details className="advanced" open={Boolean(errors.steps || errors.guidance || errors.seed || errors.negative_prompt_ru) || undefined}>
        <summary className="advanced__summary">Дополнительные настройки</summary>
        <div className="advanced__grid">
          <Field
            label="Шаги"
            error={errors.steps}
            hint={`${ranges.steps.min}–${ranges.steps.max}: больше — детальнее и дороже.`}
          >
            <input
              className="input"
              type="number"
              inputMode="numeric"
              name="steps"
              min={ranges.steps.min}
              max={ranges.steps.max}
              value={values.steps}
              onChange={(event) => onChange({ steps: event.target.value })}
            />
          </Field>
          <Field
            label="Насколько точно следовать описанию"
            error={errors.guidance}
            hint={`${ranges.guidance.min}–${ranges.guidance.max}: выше — ближе к тексту, ниже — свободнее.`}
          >
            <input
              className="input"
              type="number"
              inputMode="decimal"
              name="guidance"
              step="0.5"
              min={ranges.guidance.min}
              max={ranges.guidance.max}
              value={values.guidance}
              onChange={(event) => onChange({ guidance: event.target.value })}
            />
          </Field>
          <Field
            label="Узор (номер варианта)"
            error={errors.seed}
            hint="Пусто — новый узор. Тот же номер повторяет картинку."
            aside={
              <button type="button" className="link-button" onClick={() => onChange({ seed: String(randomSeed()) })}>
                Случайный
              </button>
            }
          >
            <input
              className="input"
              type="text"
              inputMode="numeric"
              name="seed"
              placeholder="новый"
              value={values.seed}
              onChange={(event) => onChange({ seed: event.target.value })}
            />
          </Field>
          <Field label="Чего избегать (необязательно)" error={errors.negative_prompt_ru} className="advanced__wide">
            <input
              className="input"
              type="text"
              name="negative_prompt_ru"
              placeholder="Например: надписи, тёмные цвета"
              value={values.negative}
              onChange={(event) => onChange({ negative: event.target.value })}
            />
          </Field>
        </div>
      </details>
    </form>
  );
}

/** One choice of a radiogroup drawn as a card (size, quality); the radio itself is visually hidden.
 * `textOnly`: no shape above the text (quality), so the text sits in the middle of a lower card. */
function OptionCard(props: { name: string; value: string; checked: boolean; onSelect: () => void; textOnly?: boolean; children: ReactNode }) {
  return (
    <label className={`size-option${props.textOnly ? ' size-option--text' : ''}${props.checked ? ' size-option--active' : ''}`}>
      <input type="radio" name={props.name} value={props.value} checked={props.checked} onChange={props.onSelect} className="visually-hidden" />
      {props.children}
    </label>
  );
}
