import { NavLink, Outlet } from 'react-router';
import './admin.css';

const TABS: { to: string; label: string; extra?: string; end: boolean }[] = [
  { to: '/admin', label: 'Пользователи', end: true },
  { to: '/admin/journal', label: 'Журнал', extra: ' операций', end: false },
  { to: '/admin/payments', label: 'Платежи', end: false },
  { to: '/admin/failures', label: 'Ошибки', extra: ' генераций', end: false },
  { to: '/admin/monitoring', label: 'Мониторинг', end: false },
];

export function AdminLayout() {
  return (
    <section className="page admin">
      <header className="page__header">
        <h1 className="page__title">Администрирование</h1>
      </header>
      <nav className="tabs" aria-label="Разделы администрирования">
        {TABS.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end} className={({ isActive }) => `tabs__tab${isActive ? ' tabs__tab--active' : ''}`}>
            {tab.label}
            {tab.extra ? <span className="hide-on-phone">{tab.extra}</span> : null}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </section>
  );
}
