import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { createQueryClient } from '../api/queries';
import { AuthProvider } from '../shared/auth/AuthProvider';
import { ActiveGenerationsProvider } from '../shared/generation/activeGenerations';
import { LoginPage, RegisterPage } from '../features/auth/AuthPages';
import { RequireAdmin, RequireAuth } from '../features/auth/guards';
import { BalancePage } from '../features/balance/BalancePage';
import { DesignRoute } from '../features/gallery/DesignRoute';
import { GalleryPage } from '../features/gallery/GalleryPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { PriceListPage } from '../features/orders/PriceListPage';
import { PrintingPage } from '../features/printing/PrintingPage';
import { RedrawPage } from '../features/redraw/RedrawPage';
import { SharePage } from '../features/share/SharePage';
import { StudioPage } from '../features/studio/StudioPage';
import { Spinner } from '../shared/ui/States';
import { Layout } from './Layout';
import { NotFound } from './NotFound';
import { ScrollRestoration } from './ScrollRestoration';

// The admin area is split into its own chunk: most users never load it.
const AdminLayout = lazy(() => import('../features/admin/AdminLayout').then((m) => ({ default: m.AdminLayout })));
const UsersPage = lazy(() => import('../features/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const JournalPage = lazy(() => import('../features/admin/JournalPage').then((m) => ({ default: m.JournalPage })));
const FailuresPage = lazy(() => import('../features/admin/FailuresPage').then((m) => ({ default: m.FailuresPage })));
const PaymentsPage = lazy(() => import('../features/admin/PaymentsPage').then((m) => ({ default: m.PaymentsPage })));
const MonitoringPage = lazy(() => import('../features/admin/MonitoringPage').then((m) => ({ default: m.MonitoringPage })));

export function AppRoutes() {
  return (
    <Routes>
      {/* The client's page: no account, no app menu */}
      <Route path="s/:token" element={<SharePage />} />
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/studio" replace />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route element={<RequireAuth />}>
          <Route path="studio" element={<StudioPage />} />
          {/* /designs/:id opens over the gallery (same page underneath), so Back closes it */}
          <Route element={<GalleryPage />}>
            <Route path="gallery" element={null} />
            <Route path="designs/:id" element={<DesignRoute />} />
          </Route>
          <Route path="designs/:id/redraw" element={<RedrawPage />} />
          <Route path="designs/:id/cake" element={<PrintingPage />} />
          <Route path="history" element={<HistoryPage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="orders/price-list" element={<PriceListPage />} />
          <Route path="balance" element={<BalancePage />} />
          <Route element={<RequireAdmin />}>
            <Route
              path="admin"
              element={
                <Suspense fallback={<Spinner />}>
                  <AdminLayout />
                </Suspense>
              }
            >
              <Route index element={<UsersPage />} />
              <Route path="journal" element={<JournalPage />} />
              <Route path="payments" element={<PaymentsPage />} />
              <Route path="failures" element={<FailuresPage />} />
              <Route path="monitoring" element={<MonitoringPage />} />
            </Route>
          </Route>
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        {/* a new page opens at its top; Back finds the previous one where it was left */}
        <ScrollRestoration />
        <AuthProvider>
          {/* The «В работе» strip and the finish notices of every page read it. */}
          <ActiveGenerationsProvider>
            <AppRoutes />
          </ActiveGenerationsProvider>
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
