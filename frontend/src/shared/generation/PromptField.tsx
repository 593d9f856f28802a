import type { ReactNode } from 'react';
import { LIMITS } from '../../api/limits';
import { Field } from '../ui/Field';

interface PromptFieldProps {
  label: string;
  hint: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  placeholder?: string;
  /** Count the characters («12 / 1000») and let the text run past the limit for the check to name;
   * otherwise the box stops at the limit. */
  counted?: boolean;
}

/** The Russian description of what to draw (`prompt_ru`), held to the API's length limit. */
export function PromptField({ label, hint, error, value, onChange, rows, placeholder, counted = false }: PromptFieldProps) {
  const { max } = LIMITS.prompt;
  const counter = counted ? (
    <span className={`counter${value.length > max ? ' counter--over' : ''}`} data-testid="prompt-counter">
      {value.length} / {max}
    </span>
  ) : undefined;
  return (
    <Field label={label} error={error} aside={counter} hint={hint}>
      <textarea
        className="input textarea"
        name="prompt_ru"
        rows={rows}
        placeholder={placeholder}
        value={value}
        maxLength={counted ? undefined : max}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
