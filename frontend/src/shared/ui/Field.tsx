import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import './Field.css';

interface FieldProps {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  /** Right-aligned extra next to the label (e.g. a character counter). */
  aside?: ReactNode;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled control with its hint and error wired through aria-describedby / aria-invalid. */
export function Field({ label, error, hint, aside, className, children }: FieldProps) {
  const id = useId();
  const controlId = (isValidElement(children) && (children.props.id as string | undefined)) || `${id}-control`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field__top">
        <label className="field__label" htmlFor={controlId}>
          {label}
        </label>
        {aside ? <span className="field__aside">{aside}</span> : null}
      </div>
      {cloneElement(children, {
        id: controlId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
