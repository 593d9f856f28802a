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

  it('shows what the design was drawn with: the description and what to avoid, as typed and as the model got them', () => {
    mockFetch();
    const design = generation({
      status: 'success',
      public_url: 'http://s3/g-1.png',
      prompt_ru: 'Торт без мастики, с ягодами',
      prompt_en: 'cake, with berries, classic layered cake',
      negative_prompt_ru: 'свечи',
      negative_prompt: 'candles, fondant, blurry',
    });
    renderWithApp(<DesignViewer design={design} styles={[]} onClose={() => undefined} onDeleted={() => undefined} />, { route: '/gallery', path: '/gallery' });
    const row = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling;
    expect(row('Описание на английском')).toHaveTextContent('cake, with berries, classic layered cake');
    expect(row('Чего избегать')).toHaveTextContent('свечи');
    const negative = row('Чего избегать на английском');
    expect(negative).toHaveTextContent('candles, fondant, blurry');
    expect(negative?.querySelector('[lang]')).toHaveAttribute('lang', 'en');
  });

  it('shows the negative prompt used even when the baker gave none of her own', () => {
    mockFetch();
    const design = generation({ status: 'success', negative_prompt_ru: null, negative_prompt: 'lettering, blurry' });
    renderWithApp(<DesignViewer design={design} styles={[]} onClose={() => undefined} onDeleted={() => undefined} />, { route: '/gallery', path: '/gallery' });
    expect(screen.queryByText('Чего избегать', { selector: 'dt' })).not.toBeInTheDocument();
    expect(screen.getByText('Чего избегать на английском', { selector: 'dt' }).nextElementSibling).toHaveTextContent('lettering, blurry');
  });
});
