import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { CakeIcon } from '../../shared/ui/Logo';
import { Spinner } from '../../shared/ui/States';
import { useAuth } from '../../shared/auth/AuthProvider';
import { LoginForm } from './LoginForm';
import { RegisterForm } from './RegisterForm';
import './auth.css';

function useRedirectTarget(): string {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return from && from.startsWith('/') && !from.startsWith('/login') && !from.startsWith('/register') ? from : '/studio';
}

function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  return (
    <section className="auth">
      <div className="auth__hero" aria-hidden="true">
        <CakeIcon size={72} />
        <p className="auth__hero-title">Торт мечты — по описанию</p>
        <p className="auth__hero-text">
          Опишите идею по-русски: «двухъярусный торт с ягодами и золотой надписью» — и получите эскиз дизайна
          за минуту.
        </p>
      </div>
      <div className="auth__card card">
        <h1 className="page__title">{title}</h1>
        <p className="muted">{subtitle}</p>
        {children}
        <p className="auth__footer">{footer}</p>
      </div>
    </section>
  );
}

export function LoginPage() {
  const { status } = useAuth();
  const target = useRedirectTarget();
  if (status === 'loading') return <Spinner label="Проверяем вход…" />;
  if (status === 'authenticated') return <Navigate to={target} replace />;
  return (
    <AuthLayout
      title="Вход"
      subtitle="Рады видеть вас снова."
      footer={
        <>
          Ещё нет аккаунта? <Link to="/register">Зарегистрируйтесь</Link>
        </>
      }
    >
      {/* On success the status turns 'authenticated' and the <Navigate> above takes over. */}
      <LoginForm />
    </AuthLayout>
  );
}

export function RegisterPage() {
  const { status } = useAuth();
  if (status === 'loading') return <Spinner label="Проверяем вход…" />;
  if (status === 'authenticated') return <Navigate to="/studio" replace />;
  return (
    <AuthLayout
      title="Регистрация"
      subtitle="Новым пользователям — приветственные кредиты на первые дизайны."
      footer={
        <>
          Уже есть аккаунт? <Link to="/login">Войдите</Link>
        </>
      }
    >
      <RegisterForm />
    </AuthLayout>
  );
}
