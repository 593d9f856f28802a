import { describe, expect, it } from 'vitest';
import { charCount, descriptionLength, normalizeDescription } from './text';
import { validateComment, validateOptionalText, validatePassword, validatePrompt } from './validation';

describe('counting characters as the server does (code points after NFC)', () => {
  it('counts an emoji as one character and a decomposed letter as one', () => {
    expect('🍓'.length).toBe(2); // what String.length would have said
    expect(charCount('🍓')).toBe(1);
    expect(charCount('и\u0306')).toBe(1); // «й» typed as и + combining breve
    expect(charCount('Торт 🍓🍓')).toBe(7);
  });

  it('counts a description with whitespace runs as one space and its ends trimmed', () => {
    expect(normalizeDescription('  Торт \n\n с   ягодами\t')).toBe('Торт с ягодами');
    expect(descriptionLength('  Торт \n\n с   ягодами\t')).toBe(14);
    expect(descriptionLength('   ')).toBe(0);
  });

  it('accepts 995 characters with 35 strawberries and refuses 1001 emoji', () => {
    const text = ('Торт с клубникой 🍓'.repeat(35) + 'а'.repeat(1000)).slice(0, 995 + 35);
    expect(descriptionLength(text)).toBe(995);
    expect(validatePrompt(text)).toBeNull();
    expect(validatePrompt('🍓'.repeat(1000))).toBeNull();
    expect(validatePrompt('🍓'.repeat(1001))).toBe('Описание слишком длинное: не больше 1000 символов.');
    expect(validatePrompt('🍓🍓')).toBe('Описание слишком короткое: нужно хотя бы 3 символа.');
  });

  it('counts comments, notes and passwords the same way', () => {
    expect(validateComment('🍓'.repeat(500))).toBeNull();
    expect(validateComment('🍓'.repeat(501))).toMatch(/не длиннее 500/);
    expect(validateOptionalText('🍓'.repeat(80), 80, 'Имя')).toBeNull();
    expect(validatePassword('🍓'.repeat(8))).toBeNull();
    expect(validatePassword('🍓'.repeat(7))).toMatch(/не короче 8/);
  });
});
