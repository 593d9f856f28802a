import { useEffect } from 'react';
import { useLocation } from 'react-router';

const APP = 'Тортоделова';

/** Path prefix -> page name; the longest matching prefix wins. */
const TITLES: [string, string][] = [
  ['/studio', 'Создать дизайн'],
  ['/gallery', 'Мои дизайны'],
  ['/designs/', 'Дизайн торта'],
  ['/history', 'История'],
  ['/balance', 'Баланс'],
  ['/admin/journal', 'Журнал операций'],
  ['/admin/monitoring', 'Мониторинг'],
  ['/admin', 'Пользователи'],
  ['/login', 'Вход'],
  ['/register', 'Регистрация'],
];

export function titleFor(pathname: string): string {
  const match = TITLES.filter(([prefix]) => pathname.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  return match ? `${match[1]} — ${APP}` : APP;
}

/** Each page has its own browser tab title (tabs and history entries are told apart). */
export function DocumentTitle() {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = titleFor(pathname);
  }, [pathname]);
  return null;
}
