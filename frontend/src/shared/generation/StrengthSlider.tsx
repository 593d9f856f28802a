import type { InputHTMLAttributes } from 'react';
import { LIMITS } from '../../api/limits';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'min' | 'max' | 'step' | 'value' | 'onChange'>;

/** «How much may change» (a picture to start from, a redraw): the API's strength range in 5 % steps. */
export function StrengthSlider({ value, onChange, ...input }: InputProps & { value: number; onChange: (value: number) => void }) {
  const { min, max } = LIMITS.strength;
  return <input {...input} type="range" min={min} max={max} step={0.05} value={value} onChange={(event) => onChange(Number(event.target.value))} />;
}
