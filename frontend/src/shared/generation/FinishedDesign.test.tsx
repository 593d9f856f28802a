import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { generation } from '../../test/factories';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderWithApp, signedIn } from '../../test/render';
import { FinishedDesign } from './FinishedDesign';

const page = (
  <FinishedDesign id="g-1" notReady="Перерисовать можно только готовый дизайн.">
    {(design) => <p data-testid="work">{design.prompt_ru}</p>}
  </FinishedDesign>
);

function setup(response: Response) {
  const fetch = mockFetch().on('GET', '/api/generations/g-1', response);
  signedIn(fetch);
  renderWithApp(page, { route: '/designs/g-1', path: '/designs/:id' });
}

describe('FinishedDesign', () => {
  it('hands a finished design to the page', async () => {
    setup(json(200, { generation: generation({ id: 'g-1', status: 'success', public_url: 'http://s3/g-1.png', prompt_ru: 'Торт с малиной' }) }));
    expect(await screen.findByTestId('work')).toHaveTextContent('Торт с малиной');
  });

  it('says a design still drawing is not ready, in the page’s words, with the way to the gallery', async () => {
    setup(json(200, { generation: generation({ id: 'g-1', status: 'processing', public_url: null }) }));
    expect(await screen.findByText('Этот дизайн ещё не готов')).toBeInTheDocument();
    expect(screen.getByText(/Перерисовать можно только готовый дизайн\./)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Мои дизайны' })).toHaveAttribute('href', '/gallery');
    expect(screen.queryByTestId('work')).not.toBeInTheDocument();
  });

  it('says why a design could not be loaded and offers to try again', async () => {
    setup(problem(404, 'Дизайн не найден.'));
    expect(await screen.findByText('Дизайн не найден.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Повторить' })).toBeInTheDocument();
  });
});
