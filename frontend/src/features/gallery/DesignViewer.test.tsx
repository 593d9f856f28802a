import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { mockFetch } from '../../test/fetchMock';
import { renderWithApp } from '../../test/render';
import { DesignViewer } from './DesignViewer';

describe('DesignViewer', () => {
  it('«Открыть в студии» leads to the studio with this design (?from=<id>)', async () => {
    mockFetch();
    const design = generation({ id: 'g-7', status: 'success', public_url: 'http://s3/g-7.png' });
    renderWithApp(<DesignViewer design={design} styles={[]} onClose={() => undefined} onDeleted={() => undefined} />, { route: '/gallery', path: '/gallery' });
    const link = screen.getByRole('link', { name: 'Открыть в студии' });
    expect(link).toHaveAttribute('href', '/studio?from=g-7');
  });
});
