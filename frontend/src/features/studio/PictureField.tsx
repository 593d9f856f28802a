import { useId, useRef, useState, type DragEvent } from 'react';
import { messageOf } from '../../api/errors';
import { useMediaQuery } from '../../shared/lib/useMediaQuery';
import { useUploadPhoto } from './hooks';
import { StrengthSlider } from '../../shared/generation/StrengthSlider';
import type { StudioPicture } from './studioValues';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Touch screens and phones, where nobody drags a file onto the page: the box only offers to choose. */
export const NO_DRAG_QUERY = '(pointer: coarse), (max-width: 640px)';

/** What is wrong with a chosen file before it is sent (null: fine); the server checks again. */
export function photoProblem(file: File): string | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'Подойдёт фото в формате JPEG, PNG или WebP.';
  if (file.size > PHOTO_MAX_BYTES) return 'Фото больше 10 МБ: выберите файл поменьше.';
  return null;
}

interface PictureFieldProps {
  picture: StudioPicture | null;
  strength: number;
  onPicture: (picture: StudioPicture | null) => void;
  onStrength: (strength: number) => void;
}

/** «Начать с фото»: a photo of the customer's cake (or a design to refine) the new picture starts from. */
export function PictureField({ picture, strength, onPicture, onStrength }: PictureFieldProps) {
  const upload = useUploadPhoto();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const noDrag = useMediaQuery(NO_DRAG_QUERY);
  const ids = useId();
  const hintId = `${ids}-hint`;
  const errorId = `${ids}-error`;

  function take(file: File | undefined) {
    if (!file) return;
    const found = photoProblem(file);
    setProblem(found);
    upload.reset();
    if (found) return;
    upload.mutate(file, { onSuccess: (result) => onPicture({ kind: 'upload', upload: result }) });
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  }

  const error = problem ?? (upload.isError ? messageOf(upload.error) : null);
  const thumbnail = picture?.kind === 'upload' ? picture.upload.url : picture?.url;

  return (
    <fieldset className="fieldset picture" data-testid="picture-field">
      <legend className="field__label">Начать с фото (необязательно)</legend>
      {picture ? (
        <div className="picture__chosen">
          {thumbnail ? (
            <img
              className="picture__thumb"
              src={thumbnail}
              alt={picture.kind === 'upload' ? 'Ваше фото' : 'Дизайн, который дорабатываем'}
              data-testid="picture-thumb"
            />
          ) : null}
          <div className="picture__side">
            <p className="picture__what">{picture.kind === 'upload' ? 'Начнём с вашего фото' : 'Дорабатываем выбранный дизайн'}</p>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => onPicture(null)}>
              Убрать фото
            </button>
          </div>
          <div className="picture__strength">
            <label className="field__label" htmlFor={`${ids}-strength`}>
              Насколько можно менять
            </label>
            <StrengthSlider
              id={`${ids}-strength`}
              className="range"
              name="strength"
              value={strength}
              aria-valuetext={strengthText(strength)}
              aria-describedby={`${ids}-ends`}
              onChange={onStrength}
            />
            <p className="picture__ends muted" id={`${ids}-ends`}>
              <span>почти как на фото</span>
              <span>только идея</span>
            </p>
          </div>
        </div>
      ) : (
        <div
          className={`dropzone${dragging ? ' dropzone--over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          data-testid="dropzone"
        >
          <p className="dropzone__text" id={hintId}>
            {noDrag
              ? 'Выберите фото торта, который понравился заказчику. JPEG, PNG или WebP, до 10 МБ.'
              : 'Перетащите сюда фото торта, который понравился заказчику, — или выберите файл. JPEG, PNG или WebP, до 10 МБ.'}
          </p>
          <button
            type="button"
            className="btn btn--secondary"
            aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
            aria-disabled={upload.isPending || undefined}
            onClick={() => !upload.isPending && input.current?.click()}
          >
            {upload.isPending ? 'Загружаем фото…' : 'Выбрать фото'}
          </button>
          <input
            ref={input}
            type="file"
            accept={PHOTO_TYPES.join(',')}
            className="visually-hidden"
            tabIndex={-1}
            aria-label="Фото торта"
            data-testid="photo-input"
            onChange={(event) => {
              take(event.target.files?.[0]);
              event.target.value = ''; // the same file can be chosen again after a fix
            }}
          />
        </div>
      )}
      {error ? (
        <p className="field__error" id={errorId} role="alert" data-testid="picture-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function strengthText(value: number): string {
  const percent = Math.round(value * 100);
  if (value <= 0.35) return `${percent}%: почти как на фото`;
  if (value >= 0.75) return `${percent}%: только идея`;
  return `${percent}%: заметные изменения`;
}
