import type { Bakery, Generation, OrderQuote, Payment } from '../api/models';

export function generation(overrides: Partial<Generation> = {}): Generation {
  return {
    id: 'g-1',
    user_id: '11111111-1111-4111-8111-111111111111',
    attempts: 0,
    prompt_ru: 'Торт с клубникой',
    prompt_en: null,
    negative_prompt: null,
    style: 'wedding',
    width: 512,
    height: 512,
    steps: 25,
    guidance: 7,
    seed: 42,
    quality: 'standard',
    status: 'pending',
    progress: 0,
    queue_position: 1,
    s3_key: null,
    public_url: null,
    credits_reserved: 10,
    credits_spent: 0,
    error: null,
    created_at: '2025-01-01T10:00:00Z',
    started_at: null,
    finished_at: null,
    negative_prompt_ru: null,
    group_id: null,
    variant_index: 0,
    init_image: null,
    strength: null,
    mask_upload_id: null,
    favorite: false,
    deleted: false,
    feedback: { count: 0, last_decision: null },
    kind: 'generation',
    parent_id: null,
    ...overrides,
  };
}

/** A baker's price list (issue 23): 2 400 ₽/kg, at least 1,5 kg, a filling of its own price. */
export function bakeryOut(overrides: Partial<Bakery> = {}): Bakery {
  return {
    name: 'Торты Анны',
    city: 'Казань',
    phone: '+79001234567',
    telegram: 'anna_cakes',
    price_per_kg: 240_000,
    min_weight_g: 1500,
    grams_per_guest: 180,
    prepayment_percent: 50,
    lead_days: 3,
    orders_per_day: null,
    delivery_price: null,
    fillings: [{ name: 'Шоколадная', price_per_kg: 280_000 }],
    updated_at: '2026-12-07T09:00:00Z',
    ...overrides,
  };
}

/** An order as the server priced it: 2,6 kg at 2 400 ₽ + 500 ₽ decor = 6 740 ₽, half prepaid. */
export function orderQuote(overrides: Partial<OrderQuote> = {}): OrderQuote {
  return {
    version: 1,
    status: 'sent',
    weight_g: 2600,
    guests: null,
    tiers: 1,
    fillings: [],
    tier_prices: [240_000],
    price_per_kg: 240_000,
    decor_price: 50_000,
    delivery: 'pickup',
    delivery_price: 0,
    cake_price: 624_000,
    total: 674_000,
    prepayment_percent: 50,
    prepayment: 337_000,
    date: '2099-12-12',
    note: null,
    created_at: '2026-12-07T09:00:00Z',
    expires_at: '2099-12-10T09:00:00Z',
    ...overrides,
  };
}

export function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: 'p-1',
    user_id: '11111111-1111-4111-8111-111111111111',
    status: 'pending',
    credits: 100,
    amount: '590.00',
    currency: 'RUB',
    provider: 'yookassa',
    confirmation_url: 'https://yoomoney.ru/checkout/payments/v2/contract?orderId=2f1',
    cancel_reason: null,
    created_at: '2026-01-01T10:00:00Z',
    settled_at: null,
    refunded_at: null,
    ...overrides,
  };
}
