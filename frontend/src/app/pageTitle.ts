/**
 * The browser tab's title for a path inside Layout: the page's own name first, so tabs and history are
 * told apart. The client's page (/s/:token) is outside Layout and sets its own title.
 */
const APP = 'Тортоделова';

const TITLES: [RegExp, string][] = [
  [/^\/studio\/?$/, 'Создать дизайн'],
  [/^\/gallery\/?$/, 'Мои дизайны'],
  [/^\/designs\/[^/]+\/redraw\/?$/, 'Перерисовать часть'],
  [/^\/designs\/[^/]+\/cake\/?$/, 'Для торта'],
  [/^\/designs\/[^/]+\/?$/, 'Дизайн'],
  [/^\/history\/?$/, 'История'],
  [/^\/orders\/?$/, 'Заказы'],
  [/^\/orders\/price-list\/?$/, 'Прайс-лист'],
  [/^\/balance\/?$/, 'Баланс'],
  [/^\/admin\/?$/, 'Пользователи · Администрирование'],
  [/^\/admin\/journal\/?$/, 'Журнал операций · Администрирование'],
  [/^\/admin\/payments\/?$/, 'Платежи · Администрирование'],
  [/^\/admin\/failures\/?$/, 'Ошибки генераций · Администрирование'],
  [/^\/admin\/monitoring\/?$/, 'Мониторинг · Администрирование'],
  [/^\/login\/?$/, 'Вход'],
  [/^\/register\/?$/, 'Регистрация'],
];

export function pageTitle(pathname: string): string {
  const found = TITLES.find(([pattern]) => pattern.test(pathname));
  return found ? `${found[1]} — ${APP}` : `Страница не найдена — ${APP}`;
}
