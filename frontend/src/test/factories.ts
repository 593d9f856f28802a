import type { Generation, Payment } from '../api/models';

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
