import { describe, expect, it } from 'vitest';
import { bakeryOut } from '../../test/factories';
import { dayAfter, formatDay, formatMoney, formatPhone, formatWeight, parseKilograms, parseRubles } from './format';
import { emptyDraft, quoteFromDraft } from './QuoteFields';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');
const bakery = bakeryOut({ orders_per_day: 2 });


describe('orders, the Russian way', () => {
  it('writes money from kopecks, weight from grams and a day with its weekday', () => {
    expect(plain(formatMoney(674_000))).toBe('6 740 ₽');
    expect(plain(formatMoney(649_250))).toBe('6 492,50 ₽');
    expect(formatMoney(674_000)).toContain('\u00a0₽'); // never wraps before the sign
    expect(plain(formatWeight(2600))).toBe('2,6 кг');
    expect(plain(formatWeight(2000))).toBe('2 кг');
    expect(plain(formatDay('2026-12-12'))).toBe('12 декабря, суббота');
    expect(plain(formatDay('2026-12-14'))).toBe('14 декабря, понедельник');
    expect(formatPhone('+79001234567')).toBe('+7 900 123-45-67');
  });

  it('reads typed rubles and kilograms as whole kopecks and grams', () => {
    expect(parseRubles('2 400')).toBe(240_000);
    expect(parseRubles('2400,5')).toBe(240_050);
    expect(parseRubles('12.34')).toBe(1234);
    expect(parseRubles('дорого')).toBeNull();
    expect(parseRubles('1,234')).toBeNull();
    expect(parseKilograms('2,6')).toBe(2600);
    expect(parseKilograms('2.65 кг')).toBe(2650);
    expect(parseKilograms('0,1')).toBe(100);
    expect(parseKilograms('два')).toBeNull();
  });

  it('turns the typed order card into the API request, or says what to fix', () => {
    const draft = { ...emptyDraft(bakery), weight: '2,6', decor: '500', date: dayAfter(5) };
    expect(quoteFromDraft(draft, bakery).quote).toEqual({
      weight_g: 2600,
      guests: null,
      tiers: 1,
      fillings: [],
      decor_price: 50_000,
      date: dayAfter(5),
      delivery: 'pickup',
      note: null,
      expires_in_days: 3,
    });
    const guests = { ...draft, by: 'guests' as const, guests: '14', tiers: 2, fillings: ['Шоколадная', 'Шоколадная'] };
    expect(quoteFromDraft(guests, bakery).quote).toMatchObject({ weight_g: null, guests: 14, tiers: 2, fillings: ['Шоколадная', 'Шоколадная'] });
    expect(quoteFromDraft({ ...draft, weight: '' }, bakery).errors.weight).toBeTruthy();
    expect(quoteFromDraft({ ...draft, date: dayAfter(1) }, bakery).errors.date).toMatch(/Не раньше/);
    expect(quoteFromDraft({ ...draft, tiers: 2, fillings: ['Шоколадная', ''] }, bakery).errors.fillings).toBeTruthy();
    expect(quoteFromDraft({ ...draft, decor: '5 тысяч' }, bakery).errors.decor).toBeTruthy();
  });
});
