import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../shared/auth/AuthProvider';
import { formatNumber } from '../shared/lib/format';
import { AnnouncerProvider } from '../shared/a11y/announcer';
import { CakeIcon } from '../shared/ui/Logo';
import { SkipLink } from '../shared/ui/SkipLink';
import { ActiveStrip } from './ActiveStrip';
import { DemoBanner } from './DemoBanner';
import { FinishNotices } from './FinishNotices';
import { pageTitle } from './pageTitle';
import { FeedbackNotices } from './FeedbackNotices';

const LINKS = [
  { to: '/studio', label: 'Создать дизайн' },
  { to: '/gallery', label: 'Мои дизайны' },
  { to: '/orders', label: 'Заказы' },
  { to: '/history', label: 'История' },
  { to: '/balance', label: 'Баланс' },
];

export function Layout() {
  const { user, logout } = useAuth();
  const location = useLocation();
  // The phone menu is open on the page visit where it was opened: navigating closes it, and coming
  // back to that path later (a new history entry, a new key) does not reopen it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === location.key;

  useEffect(() => {
    document.title = pageTitle(location.pathname);
  }, [location.pathname]);

  const links = user?.role === 'admin' ? [...LINKS, { to: '/admin', label: 'Администрирование' }] : user ? LINKS : [];

  return (
    <AnnouncerProvider>
      <div className="app">
        <SkipLink targetId="main" />
        <DemoBanner />
        <header className="topbar">
          <div className="topbar__inner">
            <Link to={user ? '/studio' : '/login'} className="brand" aria-label="Тортоделова — на главную">
              <CakeIcon size={34} />
              <span className="brand__name">Тортоделова</span>
            </Link>
            {user ? (
              <>
                {/* On phones the menu is folded: the credits stay in sight next to it. */}
                <Link to="/balance" className="credits-chip credits-chip--topbar" data-testid="topbar-credits">
                  {/* the visible «340 кр.» stays part of the name (axe: label-content-name-mismatch) */}
                  <span className="visually-hidden">Доступно: </span>
                  <span className="credits-chip__value">{formatNumber(user.available_credits)}</span>
                  <span className="credits-chip__unit">кр.</span>
                </Link>
                <button
                  type="button"
                  className="nav-toggle"
                  aria-expanded={open}
                  aria-controls="main-nav"
                  onClick={() => setOpenOn(open ? null : location.key)}
                >
                  <span className="nav-toggle__bars" aria-hidden="true" />
                  <span className="visually-hidden">Меню</span>
                </button>
                <nav id="main-nav" className={`nav${open ? ' nav--open' : ''}`} aria-label="Основное меню">
                  <ul className="nav__list">
                    {links.map((link) => (
                      <li key={link.to}>
                        <NavLink to={link.to} className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}>
                          {link.label}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                  <div className="nav__account">
                    <Link to="/balance" className="credits-chip" data-testid="nav-credits" title="Доступно кредитов">
                      <span className="credits-chip__value">{formatNumber(user.available_credits)}</span>
                      <span className="credits-chip__unit">кр.</span>
                    </Link>
                    <span className="nav__email" title={user.email}>
                      {user.email}
                    </span>
                    <button type="button" className="btn btn--ghost btn--sm" title={`Выйти из ${user.email}`} onClick={logout}>
                      Выйти
                    </button>
                  </div>
                </nav>
              </>
            ) : null}
          </div>
        </header>
        <ActiveStrip />
        {/* in the page's flow, under the strip: never over the page's controls */}
        <FinishNotices />
        {user ? <FeedbackNotices /> : null}
        <main className="main" id="main" tabIndex={-1}>
          <Outlet />
        </main>
        <footer className="footer">
          <span>© Тортоделова — дизайны тортов по описанию</span>
        </footer>
      </div>
    </AnnouncerProvider>
  );
}
