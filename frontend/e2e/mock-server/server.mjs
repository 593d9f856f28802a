// A small in-memory stand-in for the tortodelova API (docs/API.md), for developing the SPA and its
// browser tests without the Python backend. It also serves frontend/dist with an SPA fallback.
// Usage: node e2e/mock-server/server.mjs [--port 8765] [--dist dist]
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noisePng } from './png.mjs';
import { parseMultipart, sniffImage, UPLOAD_MAX_BYTES, UPLOAD_MAX_PIXELS } from './uploads.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

const STYLES = [
  ['minimal', 'Минимализм', 'Чистые линии, гладкое покрытие, один-два акцента'],
  ['kids', 'Детский', 'Яркие цвета, игрушечные фигурки, весёлые детали'],
  ['wedding', 'Свадебный', 'Многоярусный, белый и пастельный, цветы и кружево'],
  ['birthday', 'День рождения', 'Праздничный торт со свечами и декором'],
  ['themed', 'Тематический', 'Торт по теме праздника или увлечения'],
  ['bento', 'Бенто', 'Маленький торт на одного-двух, лаконичная надпись'],
  ['classic', 'Классический', 'Традиционный торт с кремом, ягодами и шоколадом'],
].map(([code, title, description]) => ({ code, title, description }));
const SIZES = new Set(['512x512', '512x768', '768x512', '768x768']);
const WELCOME_BONUS = 50;

export function price({ width, height, steps }) {
  return Math.max(1, Math.ceil(10 * ((width * height) / (512 * 512)) * (steps / 25) - 1e-9));
}

/** Per variant: a generation from a picture runs only ceil(steps × strength) steps (at least 1). */
export function variantPrice(params) {
  const steps = params.strength == null ? params.steps : Math.max(1, Math.ceil(params.steps * params.strength - 1e-9));
  return price({ ...params, steps });
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' };

class Problem extends Error {
  constructor(status, detail, errors) {
    super(detail);
    this.status = status;
    this.errors = errors;
  }
}

/** A preview the size the worker sends (longest side 160 px, here 40 px scaled up by the SPA): seeded noise. */
function previewUri(g, step) {
  const scale = 40 / Math.max(g.width, g.height);
  const png = noisePng(Math.round(g.width * scale), Math.round(g.height * scale), (g.seed + step) >>> 0);
  return `data:image/png;base64,${png.toString('base64')}`;
}

export const PACKS = [
  { id: 'pack-30', credits: 30, amount: '199.00', currency: 'RUB', price_per_credit: '6.63' },
  { id: 'pack-100', credits: 100, amount: '590.00', currency: 'RUB', price_per_credit: '5.90' },
  { id: 'pack-300', credits: 300, amount: '1490.00', currency: 'RUB', price_per_credit: '4.97' },
];

export function createMockServer({ distDir, adminEmail, adminPassword, accessTtlS = 900, stepMs = 250, feedbackLimit = 20 } = {}) {
  const users = new Map(); // id -> user (with password)
  const transactions = [];
  const generations = new Map();
  const accessTokens = new Map(); // token -> {userId, expires}
  const refreshTokens = new Map(); // token -> {userId, family, used}
  const revokedFamilies = new Set();
  const idempotency = new Map(); // `${userId}:${key}` -> {body, response}
  const listeners = new Map(); // generation id -> Set<fn>
  const images = new Map(); // key -> png buffer
  const previews = new Map(); // generation id -> the latest in-progress picture (data URI), while processing
  const uploads = new Map(); // id -> {id, user_id, purpose, width, height, key, type}
  const signatures = new Map(); // signature -> key of a private object (the mock's presigned URLs)
  const shares = new Map(); // token -> share (issue 13)
  const feedback = []; // every client answer
  const userListeners = new Map(); // user id -> Set<fn> (GET /api/events)
  const feedbackHits = new Map(); // `link:token` / `addr:ip` -> [timestamps] (rate limit)
  const payments = new Map(); // id -> payment (the sandbox's: paid or declined on /pay/sandbox/{id})
  const queue = [];
  let working = false;

  const now = () => new Date().toISOString();
  const publicUser = (u) => {
    const { password: _password, ...rest } = u;
    return { ...rest, available_credits: u.balance_credits - u.reserved_credits };
  };

  function addUser(email, password, role = 'user') {
    const user = { id: randomUUID(), email, password, role, balance_credits: 0, reserved_credits: 0, is_active: true, created_at: now() };
    users.set(user.id, user);
    return user;
  }

  function ledger(user, amount, type, kind, description, requestId = null, paymentId = null) {
    const tx = { id: randomUUID(), user_id: user.id, amount, type, kind, description, prediction_request_id: requestId, payment_id: paymentId, created_at: now() };
    transactions.push(tx);
    user.balance_credits += type === 'credit' ? amount : -amount;
    return tx;
  }

  if (adminEmail) addUser(adminEmail.toLowerCase(), adminPassword, 'admin');

  // --- generation "worker" ------------------------------------------------------------------

  function publish(g) {
    const payload = { status: g.status, progress: g.progress, queue_position: g.queue_position, public_url: g.public_url, error: g.error, preview: previews.get(g.id) ?? null };
    for (const fn of listeners.get(g.id) ?? []) fn(payload);
  }

  function refreshQueuePositions() {
    queue.forEach((id, index) => {
      const g = generations.get(id);
      g.queue_position = index; // pending requests ahead (0 = next)
      publish(g);
    });
  }

  async function work() {
    if (working) return;
    working = true;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    while (queue.length) {
      await sleep(stepMs * 2);
      // The variants of one submit render together, as one batch.
      const head = generations.get(queue.shift());
      const batch = [head];
      for (let i = queue.length - 1; i >= 0; i--) {
        const other = generations.get(queue[i]);
        if (head.group_id && other.group_id === head.group_id) batch.unshift(...queue.splice(i, 1).map((id) => generations.get(id)));
      }
      batch.sort((a, b) => a.variant_index - b.variant_index);
      refreshQueuePositions();
      for (const g of batch) {
        g.status = 'processing';
        g.queue_position = 0;
        g.started_at = now();
        g.prompt_en = `cake design: ${g.prompt_ru}`;
        publish(g);
      }
      for (let step = 1; step <= 8; step++) {
        await sleep(stepMs);
        for (const g of batch) {
          g.progress = step / 8;
          // Every other step a small picture of the image forming, as the worker's previews (≤ 160 px).
          if (step % 2 === 0 && step < 8) previews.set(g.id, previewUri(g, step));
          publish(g);
        }
      }
      for (const g of batch) {
        previews.delete(g.id);
        finish(g);
      }
    }
    working = false;
  }

  /** Settles one generation: stored and debited, or failed and released. */
  function finish(g) {
    const user = users.get(g.user_id);
    user.reserved_credits -= g.credits_reserved;
    if (/ошибк|fail/i.test(g.prompt_ru)) {
      g.status = 'failed';
      g.error = 'модель не смогла нарисовать изображение';
    } else {
      g.s3_key = `designs/${g.user_id}/${g.id}.png`;
      images.set(g.s3_key, noisePng(g.width / 4, g.height / 4, g.seed));
      g.public_url = `/mock-s3/tortodelova/${g.s3_key}`;
      g.status = 'success';
      g.credits_spent = g.credits_reserved;
      ledger(user, g.credits_spent, 'debit', 'generation', `Генерация дизайна (${g.width}×${g.height}, ${g.steps} шагов)`, g.id);
    }
    g.finished_at = now();
    g.progress = g.status === 'success' ? 1 : g.progress;
    publish(g);
  }

  // --- helpers ------------------------------------------------------------------------------

  /** A generation as the API shows it: with its favourite flag and the summary of client answers. */
  function view(g) {
    const answers = feedback.filter((f) => f.generation_id === g.id);
    const last = answers[answers.length - 1];
    return { ...g, favorite: !!g.favorite, deleted: !!g.deleted, group_id: g.group_id ?? null, feedback: { count: answers.length, last_decision: last?.decision ?? null } };
  }

  function shareView(share) {
    const answers = feedback.filter((f) => f.share_token === share.token);
    const { user_id: _u, generation_ids: _g, ...rest } = share;
    return { ...rest, revoked: share.revoked, feedback_count: answers.length, last_decision: answers[answers.length - 1]?.decision ?? null };
  }

  const publicFeedback = ({ share_token: _t, ...rest }) => rest;

  function liveShare(token) {
    const share = shares.get(token);
    if (!share || share.revoked || Date.parse(share.expires_at) <= Date.now()) throw new Problem(404, 'Ссылка не найдена или больше не действует');
    const designs = share.generation_ids.map((id) => generations.get(id)).filter((g) => g && g.status === 'success' && !g.deleted);
    if (!designs.length) throw new Problem(404, 'Ссылка не найдена или больше не действует');
    return { share, designs };
  }

  function ownGeneration(user, id) {
    const g = generations.get(id);
    if (!g || g.user_id !== user.id) throw new Problem(404, 'Генерация не найдена');
    return g;
  }

  function rateLimited(key, res) {
    const hourAgo = Date.now() - 3600_000;
    const hits = (feedbackHits.get(key) ?? []).filter((t) => t > hourAgo);
    feedbackHits.set(key, hits);
    if (hits.length >= feedbackLimit) {
      res.setHeader('Retry-After', String(Math.ceil((hits[0] + 3600_000 - Date.now()) / 1000)));
      throw new Problem(429, 'Слишком много отзывов, попробуйте позже');
    }
    return () => hits.push(Date.now());
  }

  function optionalText(body, field, max, errors) {
    const v = body[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim().length > max) errors.push({ field, message: `не больше ${max} символов` });
    return typeof v === 'string' ? v.trim() || null : null;
  }

  function authUser(req) {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const entry = token && accessTokens.get(token);
    if (!entry || entry.expires < Date.now()) throw new Problem(401, 'Требуется авторизация');
    const user = users.get(entry.userId);
    if (!user?.is_active) throw new Problem(403, 'Учётная запись отключена');
    return user;
  }

  function cookies(req) {
    return Object.fromEntries((req.headers.cookie ?? '').split(';').filter(Boolean).map((c) => c.trim().split('=').map(decodeURIComponent)));
  }

  function issueSession(res, user, family = randomUUID()) {
    const access = randomBytes(24).toString('hex');
    accessTokens.set(access, { userId: user.id, expires: Date.now() + accessTtlS * 1000 });
    const refresh = randomBytes(24).toString('hex');
    refreshTokens.set(refresh, { userId: user.id, family, used: false });
    res.setHeader('Set-Cookie', `refresh_token=${refresh}; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=2592000`);
    return { access_token: access, token_type: 'bearer', expires_in: accessTtlS };
  }

  function intIn(body, field, min, max, errors, { required = true } = {}) {
    const v = body[field];
    if (v === undefined || v === null) {
      if (required) errors.push({ field, message: 'обязательное поле' });
      return undefined;
    }
    if (!Number.isInteger(v) || v < min || v > max) errors.push({ field, message: `должно быть целым числом от ${min} до ${max}` });
    return v;
  }

  function parseGenerationBody(body) {
    const errors = [];
    const prompt = typeof body.prompt_ru === 'string' ? body.prompt_ru.trim() : '';
    if (prompt.length < 3 || prompt.length > 1000) errors.push({ field: 'prompt_ru', message: 'описание должно быть от 3 до 1000 символов' });
    if (!STYLES.some((s) => s.code === body.style)) errors.push({ field: 'style', message: `неизвестный стиль «${body.style}»` });
    const width = body.width ?? 512;
    const height = body.height ?? 512;
    if (!SIZES.has(`${width}x${height}`)) errors.push({ field: 'width', message: 'недопустимый размер' });
    const steps = body.steps ?? 25;
    if (!Number.isInteger(steps) || steps < 10 || steps > 40) errors.push({ field: 'steps', message: 'шаги: от 10 до 40' });
    const guidance = body.guidance ?? 7;
    if (typeof guidance !== 'number' || guidance < 1 || guidance > 12) errors.push({ field: 'guidance', message: 'от 1 до 12' });
    const seed = body.seed ?? Math.floor(Math.random() * 2 ** 32);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) errors.push({ field: 'seed', message: 'seed: от 0 до 4294967295' });
    if (errors.length) throw new Problem(422, 'Проверьте параметры генерации', errors);
    return { prompt_ru: prompt, style: body.style, negative_prompt: body.negative_prompt_ru ?? null, negative_prompt_ru: body.negative_prompt_ru ?? null, width, height, steps, guidance, seed };
  }

  /** The design-loop fields of a generation request (contract of issue 12), checked against `user`'s own records. */
  function parseLoopBody(body, user) {
    const errors = [];
    const variants = body.variants ?? 1;
    if (!Number.isInteger(variants) || variants < 1 || variants > 4) errors.push({ field: 'variants', message: 'от 1 до 4 вариантов' });
    const init = body.init_image ?? null;
    const strength = body.strength ?? null;
    const mask = body.mask_upload_id ?? null;
    if (init && (typeof strength !== 'number' || strength < 0.2 || strength > 0.9)) errors.push({ field: 'strength', message: 'укажите, насколько можно менять: от 0,2 до 0,9' });
    if (!init && strength !== null) errors.push({ field: 'strength', message: 'нужна исходная картинка' });
    if (!init && mask) errors.push({ field: 'mask_upload_id', message: 'нужна исходная картинка' });
    if (init && !init.upload_id === !init.generation_id) errors.push({ field: 'init_image', message: 'укажите фото или дизайн' });
    if (errors.length) throw new Problem(422, 'Проверьте параметры генерации', errors);
    if (init?.upload_id) {
      const upload = uploads.get(init.upload_id);
      if (!upload || upload.user_id !== user.id) throw new Problem(404, 'Фото не найдено');
    }
    if (init?.generation_id) {
      const source = generations.get(init.generation_id);
      if (!source || source.user_id !== user.id) throw new Problem(404, 'Дизайн не найден');
      if (source.status !== 'success') throw new Problem(409, 'Дизайн ещё не готов');
    }
    if (mask) {
      const upload = uploads.get(mask);
      if (!upload || upload.user_id !== user.id) throw new Problem(404, 'Маска не найдена');
      if (upload.purpose !== 'mask') throw new Problem(422, 'Проверьте параметры генерации', [{ field: 'mask_upload_id', message: 'это не маска' }]);
    }
    const initImage = init ? (init.upload_id ? { upload_id: init.upload_id } : { generation_id: init.generation_id }) : null;
    return { variants, init_image: initImage, strength: init ? strength : null, mask_upload_id: mask };
  }

  /** A private object's short-lived address (the mock's stand-in for a presigned S3 URL). */
  function presign(key) {
    const signature = randomBytes(12).toString('hex');
    signatures.set(signature, key);
    return `/mock-s3/private/${key}?signature=${signature}`;
  }

  const uploadOut = (u) => ({ id: u.id, purpose: u.purpose, width: u.width, height: u.height, url: presign(u.key) });

  function page(items, url) {
    const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 20));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return { items: items.slice(offset, offset + limit), total: items.length };
  }

  function filterTransactions(list, q) {
    const from = q.get('date_from');
    const to = q.get('date_to');
    return list
      .filter((t) => !q.get('email') || (users.get(t.user_id)?.email ?? '').includes(q.get('email').toLowerCase()))
      .filter((t) => (!q.get('user_id') || t.user_id === q.get('user_id')) && (!q.get('type') || t.type === q.get('type')) && (!q.get('kind') || t.kind === q.get('kind')))
      .filter((t) => (!from || t.created_at >= new Date(from).toISOString()) && (!to || t.created_at <= new Date(to).toISOString()))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  function withIdempotency(user, req, body, fn) {
    const key = req.headers['idempotency-key'];
    if (!key) return fn();
    const id = `${user.id}:${key}`;
    const seen = idempotency.get(id);
    if (seen) {
      if (seen.body !== JSON.stringify(body)) throw new Problem(422, 'Ключ идемпотентности уже использован с другим запросом');
      return seen.response;
    }
    const response = fn();
    idempotency.set(id, { body: JSON.stringify(body), response });
    return response;
  }

  // --- routes -------------------------------------------------------------------------------

  const origin = (req) => `http://${req.headers.host}`;

  async function api(req, res, url, body) {
    const path = url.pathname;
    const q = url.searchParams;
    const m = (method, pattern) => {
      if (req.method !== method) return null;
      const match = path.match(pattern);
      return match ? match.slice(1) : null;
    };
    let p;

    if (m('GET', /^\/api\/health$/)) return [200, { status: 'ok' }];
    if (m('GET', /^\/api\/ready$/)) return [200, { status: 'ok', database: { ok: true }, storage: { ok: true }, ml_engine: { mode: 'demo', translator: 'tiny-random', generator: 'tiny-random', drafts: true, warning: 'демо-режим' }, workers: { ok: true, alive: 1 } }];
    if (m('GET', /^\/api\/styles$/)) return [200, STYLES];

    if (m('POST', /^\/api\/auth\/register$/)) {
      const email = String(body.email ?? '').trim().toLowerCase();
      const password = String(body.password ?? '');
      const errors = [];
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.push({ field: 'email', message: 'некорректный email' });
      if (password.length < 8 || password.length > 128) errors.push({ field: 'password', message: 'пароль должен быть от 8 до 128 символов' });
      if (errors.length) throw new Problem(422, 'Проверьте поля формы', errors);
      if ([...users.values()].some((u) => u.email === email)) throw new Problem(409, 'Пользователь с таким email уже зарегистрирован', [{ field: 'email', message: 'этот email уже занят' }]);
      const user = addUser(email, password);
      ledger(user, WELCOME_BONUS, 'credit', 'bonus', 'Приветственный бонус');
      return [201, { user: publicUser(user) }];
    }
    if (m('POST', /^\/api\/auth\/login$/)) {
      const email = String(body.email ?? '').trim().toLowerCase();
      const user = [...users.values()].find((u) => u.email === email);
      if (!user || user.password !== body.password) throw new Problem(401, 'Неверный email или пароль');
      return [200, { ...issueSession(res, user), user: publicUser(user) }];
    }
    if (m('POST', /^\/api\/auth\/refresh$/)) {
      const token = cookies(req).refresh_token;
      const entry = token && refreshTokens.get(token);
      if (!entry || revokedFamilies.has(entry.family)) throw new Problem(401, 'Сессия истекла');
      if (entry.used) {
        revokedFamilies.add(entry.family);
        throw new Problem(401, 'Токен обновления уже использован');
      }
      entry.used = true;
      return [200, issueSession(res, users.get(entry.userId), entry.family)];
    }
    if (m('POST', /^\/api\/auth\/logout$/)) {
      const entry = refreshTokens.get(cookies(req).refresh_token);
      if (entry) revokedFamilies.add(entry.family);
      res.setHeader('Set-Cookie', 'refresh_token=; HttpOnly; SameSite=Strict; Path=/api/auth; Max-Age=0');
      return [204, null];
    }

    // --- the client's page: no account (issue 13) ---
    if ((p = m('GET', /^\/api\/public\/shares\/([^/]+)$/))) {
      const { share, designs } = liveShare(p[0]);
      return [200, {
        share: {
          token: share.token,
          note: share.note,
          expires_at: share.expires_at,
          designs: designs.map((g) => ({ id: g.id, image_url: `${origin(req)}${g.public_url}`, width: g.width, height: g.height, prompt_ru: share.show_description ? g.prompt_ru : null, style: g.style })),
          feedback: feedback.filter((f) => f.share_token === share.token).map(publicFeedback),
        },
      }];
    }
    if ((p = m('POST', /^\/api\/public\/shares\/([^/]+)\/feedback$/))) {
      const { share, designs } = liveShare(p[0]);
      const errors = [];
      if (!['approved', 'changes_requested'].includes(body.decision)) errors.push({ field: 'decision', message: 'выберите «Согласовать» или «Нужны правки»' });
      const comment = optionalText(body, 'comment', 1000, errors);
      const name = optionalText(body, 'name', 80, errors);
      if (body.decision === 'changes_requested' && !comment && !errors.some((e) => e.field === 'comment')) {
        errors.push({ field: 'comment', message: 'напишите, что поменять: без этого кондитер не узнает, что исправить' });
      }
      let generationId = body.generation_id ?? null;
      if (designs.length > 1 && !designs.some((g) => g.id === generationId)) errors.push({ field: 'generation_id', message: 'выберите вариант' });
      if (designs.length === 1) generationId ??= designs[0].id;
      if (designs.length === 1 && generationId !== designs[0].id) errors.push({ field: 'generation_id', message: 'такого варианта нет' });
      if (errors.length) throw new Problem(422, 'Проверьте поля формы', errors);
      const hitLink = rateLimited(`link:${share.token}`, res);
      const hitAddr = rateLimited(`addr:${req.socket.remoteAddress}`, res);
      hitLink();
      hitAddr();
      // the same answer as the link's latest: not stored twice (200 with that one)
      const latest = feedback.filter((f) => f.share_token === share.token).at(-1);
      if (latest && latest.generation_id === generationId && latest.decision === body.decision && latest.comment === comment && latest.name === name) {
        return [200, { feedback: publicFeedback(latest) }];
      }
      const item = { id: randomUUID(), generation_id: generationId, decision: body.decision, comment, name, created_at: now(), share_token: share.token };
      feedback.push(item);
      for (const fn of userListeners.get(share.user_id) ?? []) fn({ type: 'feedback', generation_id: generationId, feedback: publicFeedback(item) });
      return [201, { feedback: publicFeedback(item) }];
    }

    const user = authUser(req);

    // --- user events, favourites, delete, share links (issue 13) ---
    if (m('GET', /^\/api\/events$/)) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      const send = (payload) => res.write(`event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`);
      res.write(': connected\n\n');
      if (!userListeners.has(user.id)) userListeners.set(user.id, new Set());
      userListeners.get(user.id).add(send);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        userListeners.get(user.id)?.delete(send);
      });
      return null;
    }
    if ((p = m('PUT', /^\/api\/generations\/([^/]+)\/favorite$/)) || (p = m('DELETE', /^\/api\/generations\/([^/]+)\/favorite$/))) {
      ownGeneration(user, p[0]).favorite = req.method === 'PUT';
      return [204, null];
    }
    if ((p = m('DELETE', /^\/api\/generations\/([^/]+)$/))) {
      const g = ownGeneration(user, p[0]);
      if (g.status === 'pending' || g.status === 'processing') throw new Problem(409, 'Дизайн ещё рисуется: удалить можно после завершения');
      if (g.s3_key) images.delete(g.s3_key);
      g.deleted = true;
      g.public_url = null;
      for (const share of shares.values()) if (share.generation_ids.includes(g.id) && share.generation_ids.length === 1) share.revoked = true;
      return [204, null];
    }
    if ((p = m('GET', /^\/api\/generations\/([^/]+)\/feedback$/))) {
      const g = ownGeneration(user, p[0]);
      return [200, { items: feedback.filter((f) => f.generation_id === g.id).map(publicFeedback) }];
    }
    if ((p = m('POST', /^\/api\/generations\/([^/]+)\/share$/))) {
      const g = ownGeneration(user, p[0]);
      if (g.deleted) throw new Problem(404, 'Генерация не найдена');
      if (g.status !== 'success') throw new Problem(409, 'Поделиться можно только готовым дизайном');
      const errors = [];
      const note = optionalText(body, 'note', 500, errors);
      const days = intIn(body, 'expires_in_days', 1, 90, errors, { required: false }) ?? 14;
      if (body.show_description !== undefined && typeof body.show_description !== 'boolean') errors.push({ field: 'show_description', message: 'да или нет' });
      if (errors.length) throw new Problem(422, 'Проверьте поля формы', errors);
      const group = g.group_id ? [...generations.values()].filter((x) => x.group_id === g.group_id && x.status === 'success') : [g];
      const token = randomBytes(16).toString('base64url');
      const created = now();
      const share = { token, url: `${origin(req)}/s/${token}`, generation_id: g.id, generation_ids: group.map((x) => x.id), user_id: user.id, note, show_description: body.show_description === true, created_at: created, expires_at: new Date(Date.now() + days * 86_400_000).toISOString(), revoked: false };
      shares.set(token, share);
      return [201, { share: shareView(share) }];
    }
    if (m('GET', /^\/api\/shares$/)) {
      const gid = q.get('generation_id');
      const list = [...shares.values()].filter((s) => s.user_id === user.id && (!gid || s.generation_ids.includes(gid))).sort((a, b) => b.created_at.localeCompare(a.created_at)).map(shareView);
      return [200, { items: list, total: list.length }];
    }
    if ((p = m('DELETE', /^\/api\/shares\/([^/]+)$/))) {
      const share = shares.get(p[0]);
      if (!share || share.user_id !== user.id) throw new Problem(404, 'Ссылка не найдена');
      share.revoked = true;
      return [204, null];
    }

    if (m('GET', /^\/api\/me$/)) return [200, { user: publicUser(user) }];
    if (m('GET', /^\/api\/balance$/)) {
      const { balance_credits, reserved_credits, available_credits } = publicUser(user);
      return [200, { balance_credits, reserved_credits, available_credits }];
    }
    if (m('GET', /^\/api\/payments\/packs$/)) return [200, { provider: 'sandbox', packs: PACKS }];
    if (m('POST', /^\/api\/balance\/top-up$/)) {
      const pack = PACKS.find((k) => k.id === body.pack_id);
      if (!pack) throw new Problem(422, 'Некорректные данные запроса', [{ field: 'pack_id', message: 'нет такого пакета кредитов' }]);
      return withIdempotency(user, req, body, () => {
        const id = randomUUID();
        const payment = {
          id, user_id: user.id, status: 'pending', credits: pack.credits, amount: pack.amount, currency: 'RUB', provider: 'sandbox',
          confirmation_url: `${origin(req)}/pay/sandbox/${id}`, cancel_reason: null, created_at: now(), settled_at: null, refunded_at: null,
        };
        payments.set(id, payment);
        return [201, { payment }];
      });
    }
    if (m('GET', /^\/api\/payments$/)) {
      const mine = [...payments.values()].filter((x) => x.user_id === user.id && (!q.get('status') || x.status === q.get('status')));
      return [200, page(mine.sort((a, b) => b.created_at.localeCompare(a.created_at)), url)];
    }
    if ((p = m('POST', /^\/api\/payments\/([^/]+)\/check$/))) {
      const payment = payments.get(p[0]);
      if (!payment || payment.user_id !== user.id) throw new Problem(404, 'Платёж не найден');
      return [200, { payment }];
    }
    if (m('GET', /^\/api\/transactions$/)) return [200, page(filterTransactions(transactions.filter((t) => t.user_id === user.id), q), url)];

    if (m('POST', /^\/api\/generations\/quote$/)) {
      const params = { ...parseGenerationBody(body), ...parseLoopBody(body, user) };
      const perVariant = variantPrice(params);
      return [200, { credits: perVariant * params.variants, per_variant: perVariant, variants: params.variants }];
    }
    if (m('POST', /^\/api\/generations$/)) {
      const { variants, ...params } = { ...parseGenerationBody(body), ...parseLoopBody(body, user) };
      return withIdempotency(user, req, body, () => {
        const credits = variantPrice(params);
        // all-or-nothing: every variant is reserved, or none
        if (user.balance_credits - user.reserved_credits < credits * variants) throw new Problem(402, 'Недостаточно кредитов: пополните баланс');
        const groupId = variants > 1 ? randomUUID() : null;
        const created = Array.from({ length: variants }, (_, index) => {
          user.reserved_credits += credits;
          const seed = (params.seed + index) % 2 ** 32;
          const g = { id: randomUUID(), user_id: user.id, ...params, seed, group_id: groupId, variant_index: index, prompt_en: null, status: 'pending', progress: 0, queue_position: queue.length, s3_key: null, public_url: null, credits_reserved: credits, credits_spent: 0, error: null, attempts: 0, created_at: now(), started_at: null, finished_at: null };
          generations.set(g.id, g);
          queue.push(g.id);
          return { ...g };
        });
        void work();
        res.setHeader('Location', `/api/generations/${created[0].id}`);
        return [202, { generation: view(created[0]), generations: created.map(view) }];
      });
    }
    if (m('POST', /^\/api\/uploads$/)) {
      const parts = parseMultipart(req.headers['content-type'], body);
      const file = parts?.find((part) => part.name === 'file' && part.filename !== null);
      if (!file) throw new Problem(422, 'Приложите фото: JPEG, PNG или WebP', [{ field: 'file', message: 'нужен файл изображения' }]);
      if (file.data.length > UPLOAD_MAX_BYTES) throw new Problem(413, 'Файл больше 10 МБ: выберите фото поменьше');
      const purpose = parts.find((part) => part.name === 'purpose')?.data.toString('utf8') || 'reference';
      if (purpose !== 'reference' && purpose !== 'mask') throw new Problem(422, 'Проверьте поля формы', [{ field: 'purpose', message: 'reference или mask' }]);
      const image = sniffImage(file.data);
      if (!image) throw new Problem(422, 'Не удалось прочитать изображение: подойдёт JPEG, PNG или WebP', [{ field: 'file', message: 'не изображение' }]);
      if (image.width * image.height > UPLOAD_MAX_PIXELS) throw new Problem(422, 'Изображение слишком большое: не больше 40 мегапикселей', [{ field: 'file', message: 'больше 40 мегапикселей' }]);
      const id = randomUUID();
      const key = `uploads/${user.id}/${id}.png`;
      images.set(key, file.data);
      const upload = { id, user_id: user.id, purpose, width: image.width, height: image.height, key, type: `image/${image.format}` };
      uploads.set(id, upload);
      return [201, { upload: uploadOut(upload) }];
    }
    if ((p = m('GET', /^\/api\/uploads\/([^/]+)$/))) {
      const upload = uploads.get(p[0]);
      if (!upload || upload.user_id !== user.id) throw new Problem(404, 'Фото не найдено');
      return [200, { upload: uploadOut(upload) }];
    }
    if (m('GET', /^\/api\/generations$/)) {
      const from = q.get('date_from');
      const to = q.get('date_to');
      const min = q.get('credits_min');
      const max = q.get('credits_max');
      const list = [...generations.values()]
        .filter((g) => g.user_id === user.id)
        .filter((g) => (!q.get('status') || g.status === q.get('status')) && (!q.get('style') || g.style === q.get('style')))
        .filter((g) => (q.get('favorite') !== 'true' || g.favorite) && !(g.deleted && q.get('status') === 'success'))
        .filter((g) => (!from || g.created_at >= new Date(from).toISOString()) && (!to || g.created_at <= new Date(to).toISOString()))
        .filter((g) => (min === null || g.credits_spent >= Number(min)) && (max === null || g.credits_spent <= Number(max)))
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .map(view);
      return [200, page(list, url)];
    }
    if ((p = m('GET', /^\/api\/generations\/([^/]+)\/events$/))) {
      const g = generations.get(p[0]);
      if (!g || g.user_id !== user.id) throw new Problem(404, 'Генерация не найдена');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      const send = (payload) => {
        res.write(`event: status\ndata: ${JSON.stringify(payload)}\n\n`);
        if (payload.status === 'success' || payload.status === 'failed') {
          listeners.get(g.id)?.delete(send);
          res.end();
        }
      };
      res.write(': connected\n\n');
      if (!listeners.has(g.id)) listeners.set(g.id, new Set());
      listeners.get(g.id).add(send);
      req.on('close', () => listeners.get(g.id)?.delete(send));
      send({ status: g.status, progress: g.progress, queue_position: g.queue_position, public_url: g.public_url, error: g.error });
      return null;
    }
    if ((p = m('GET', /^\/api\/generations\/([^/]+)$/))) {
      const g = generations.get(p[0]);
      if (!g || g.user_id !== user.id) throw new Problem(404, 'Генерация не найдена');
      return [200, { generation: view(g) }];
    }

    if (path.startsWith('/api/admin/')) {
      if (user.role !== 'admin') throw new Problem(403, 'Доступно только администраторам');
      if (m('GET', /^\/api\/admin\/users$/)) {
        const needle = (q.get('query') ?? '').toLowerCase();
        const list = [...users.values()].filter((u) => u.email.includes(needle)).sort((a, b) => b.created_at.localeCompare(a.created_at)).map(publicUser);
        return [200, page(list, url)];
      }
      if ((p = m('POST', /^\/api\/admin\/users\/([^/]+)\/adjustments$/))) {
        const target = users.get(p[0]);
        if (!target) throw new Problem(404, 'Пользователь не найден');
        const errors = [];
        if (!Number.isInteger(body.amount) || body.amount === 0) errors.push({ field: 'amount', message: 'сумма должна быть ненулевым целым числом' });
        if (!String(body.description ?? '').trim()) errors.push({ field: 'description', message: 'комментарий обязателен' });
        if (errors.length) throw new Problem(422, 'Проверьте поля формы', errors);
        if (body.amount < 0 && target.balance_credits + body.amount < target.reserved_credits) throw new Problem(402, 'Баланс не может стать меньше зарезервированных кредитов');
        const tx = ledger(target, Math.abs(body.amount), body.amount > 0 ? 'credit' : 'debit', 'admin_adjustment', body.description.trim());
        return [201, { transaction: tx, user: publicUser(target) }];
      }
      if (m('GET', /^\/api\/admin\/transactions$/)) return [200, page(filterTransactions(transactions, q), url)];
      if (m('GET', /^\/api\/admin\/payments$/)) {
        const list = [...payments.values()].filter((x) => !q.get('status') || x.status === q.get('status'));
        return [200, page(list.sort((a, b) => b.created_at.localeCompare(a.created_at)), url)];
      }
      if ((p = m('POST', /^\/api\/admin\/payments\/([^/]+)\/refund$/))) {
        const payment = payments.get(p[0]);
        if (!payment) throw new Problem(404, 'Платёж не найден');
        const payer = users.get(payment.user_id);
        if (payment.status === 'succeeded') {
          if (payer.balance_credits - payer.reserved_credits < payment.credits) throw new Problem(409, 'Вернуть платёж нельзя: кредиты уже потрачены');
          ledger(payer, payment.credits, 'debit', 'refund', 'Возврат платежа', null, payment.id);
          Object.assign(payment, { status: 'refunded', refunded_at: now() });
        } else if (payment.status !== 'refunded') throw new Problem(409, 'Вернуть можно только оплаченный платёж');
        return [200, { payment }];
      }
      if (m('GET', /^\/api\/admin\/generations$/)) {
        const list = [...generations.values()].filter((g) => (!q.get('status') || g.status === q.get('status')) && (!q.get('user_id') || g.user_id === q.get('user_id')));
        return [200, page(list.sort((a, b) => b.created_at.localeCompare(a.created_at)), url)];
      }
      if (m('GET', /^\/api\/admin\/stats$/)) {
        const all = [...generations.values()];
        const by = (s) => all.filter((g) => g.status === s).length;
        const hourMs = 3600_000;
        const start = Math.floor(Date.now() / hourMs) * hourMs - 23 * hourMs;
        const perHour = Array.from({ length: 24 }, (_, i) => {
          const h = start + i * hourMs;
          const inHour = all.filter((g) => g.finished_at && Date.parse(g.finished_at) >= h && Date.parse(g.finished_at) < h + hourMs);
          return { hour: new Date(h).toISOString(), count: inHour.length, failed: inHour.filter((g) => g.status === 'failed').length };
        });
        const durations = all.filter((g) => g.finished_at && g.started_at).map((g) => (Date.parse(g.finished_at) - Date.parse(g.started_at)) / 1000).sort((a, b) => a - b);
        return [200, {
          users_total: users.size,
          generations_total: all.length,
          by_status: { pending: by('pending'), processing: by('processing'), success: by('success'), failed: by('failed') },
          queue_depth: by('pending'),
          processing: by('processing'),
          generations_per_hour: perHour,
          avg_duration_s: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
          p95_duration_s: durations.length ? durations[Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)] : null,
          credits_spent_total: all.reduce((sum, g) => sum + g.credits_spent, 0),
          workers: [{ id: 'mock-worker-1', last_seen: now(), jobs_done: by('success') + by('failed') }],
          orders_total: 0, // the mock has no orders (issue 23)
          order_bakers: 0,
          payments_by_status: Object.fromEntries(['pending', 'succeeded', 'canceled', 'refunding', 'refunded'].map((st) => [st, [...payments.values()].filter((x) => x.status === st).length])),
          revenue_per_day: Array.from({ length: 30 }, (_, i) => {
            const day = new Date(Date.now() - (29 - i) * 86_400_000).toISOString().slice(0, 10);
            const paid = [...payments.values()].filter((x) => x.settled_at?.startsWith(day) && ['succeeded', 'refunded'].includes(x.status));
            return { day, paid: paid.reduce((sum, x) => sum + Number(x.amount), 0).toFixed(2), refunded: '0.00', payments: paid.length };
          }),
        }];
      }
    }
    throw new Problem(404, 'Не найдено');
  }

  function serveStatic(req, res, url) {
    if (url.pathname.startsWith('/mock-s3/private/')) {
      // private objects answer only through a signature this server handed out
      const key = url.pathname.slice('/mock-s3/private/'.length);
      const data = signatures.get(url.searchParams.get('signature') ?? '') === key ? images.get(key) : null;
      if (!data) return void res.writeHead(403).end();
      res.writeHead(200, { 'Content-Type': uploads.get(key.split('/').pop().replace('.png', ''))?.type ?? 'image/png', 'Content-Length': data.length });
      return void res.end(data);
    }
    if (url.pathname.startsWith('/mock-s3/tortodelova/')) {
      if (url.pathname.includes('/uploads/')) return void res.writeHead(403).end(); // never public
      const png = images.get(url.pathname.slice('/mock-s3/tortodelova/'.length));
      if (!png) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
      return void res.end(png);
    }
    if (!distDir) return void res.writeHead(404).end();
    const root = resolve(distDir);
    const candidate = normalize(join(root, decodeURIComponent(url.pathname)));
    const file = candidate.startsWith(root) && existsSync(candidate) && statSync(candidate).isFile() ? candidate : join(root, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('run npm run build first');
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  }

  /** The sandbox's test checkout, as the API serves it (PAYMENT_PROVIDER=sandbox). */
  function sandboxCheckout(req, res, url) {
    const [, id, decision] = url.pathname.match(/^\/pay\/sandbox\/([^/]+)(?:\/(pay|decline))?$/) ?? [];
    const payment = payments.get(id);
    if (!payment) return void res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>Платёж не найден</h1>');
    if (req.method === 'POST' && decision) {
      if (payment.status === 'pending') {
        const payer = users.get(payment.user_id);
        if (decision === 'pay') {
          ledger(payer, payment.credits, 'credit', 'top_up', `Оплата пакета: ${payment.credits} кредитов`, null, payment.id);
          Object.assign(payment, { status: 'succeeded', settled_at: now(), confirmation_url: null });
        } else Object.assign(payment, { status: 'canceled', settled_at: now(), confirmation_url: null, cancel_reason: 'вы отказались от оплаты' });
      }
      return void res.writeHead(303, { Location: `/balance?payment=${payment.id}` }).end();
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Тестовая оплата — деньги не списываются</title></head>
<body><main><p data-testid="sandbox-badge">Тестовая оплата — деньги не списываются</p><p data-testid="sandbox-amount">${Number(payment.amount).toLocaleString('ru-RU')}\u00a0₽</p>
<form method="post" action="/pay/sandbox/${id}/pay"><button type="submit">Оплатить</button></form>
<form method="post" action="/pay/sandbox/${id}/decline"><button type="submit">Отказаться</button></form></main></body></html>`);
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/pay/sandbox/')) return sandboxCheckout(req, res, url);
    if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url);
    let body = {};
    const chunks = [];
    for await (const c of req) chunks.push(c);
    try {
      if (/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) body = Buffer.concat(chunks);
      else if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw new Problem(400, 'Некорректный JSON');
        }
      }
      const result = await api(req, res, url, body);
      if (!result) return; // streamed
      const [status, payload] = result;
      if (payload === null) return void res.writeHead(status).end();
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    } catch (error) {
      const status = error instanceof Problem ? error.status : 500;
      if (status === 500) console.error(error);
      const problem = { type: 'about:blank', title: http.STATUS_CODES[status], status, detail: error.message };
      if (error.errors) problem.errors = error.errors;
      res.writeHead(status, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify(problem));
    }
  });
}

// Run directly: node e2e/mock-server/server.mjs --port 8765
if (process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url))) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('port', process.env.MOCK_PORT ?? 8765));
  const server = createMockServer({
    distDir: resolve(here, '../..', arg('dist', 'dist')),
    adminEmail: process.env.E2E_ADMIN_EMAIL ?? 'admin@tortodelova.local',
    adminPassword: process.env.E2E_ADMIN_PASSWORD ?? 'admin-password-1',
    // A slower "worker" for watching a generation mid-way by hand (default: 250 ms a step).
    stepMs: Number(process.env.MOCK_STEP_MS ?? 250),
    feedbackLimit: Number(process.env.MOCK_FEEDBACK_LIMIT ?? 20),
  });
  server.listen(port, '127.0.0.1', () => console.log(`mock API on http://127.0.0.1:${port}`));
}
