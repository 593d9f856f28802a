import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, Outlet, RouterProvider, useLocation } from 'react-router';
import { DesignRoute } from '../features/gallery/DesignRoute';
import { GalleryPage } from '../features/gallery/GalleryPage';
import { AuthProvider } from '../shared/auth/AuthProvider';
import { testQueryClient } from './render';

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** The gallery and /designs/:id routes as the app has them, in a memory router whose history a test can move. */
export function renderGallery(...entries: string[]) {
  const client = testQueryClient();
  const router = createMemoryRouter(
    [
      {
        element: (
          <>
            <Where />
            <Outlet />
          </>
        ),
        children: [
          {
            element: <GalleryPage />,
            children: [
              { path: '/gallery', element: null },
              { path: '/designs/:id', element: <DesignRoute /> },
            ],
          },
        ],
      },
    ],
    { initialEntries: entries, initialIndex: entries.length - 1 },
  );
  const result = render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, router, client };
}
