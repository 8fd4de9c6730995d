// A search page as a front-end team would write it with the package's React binding. The service's
// URL and the search come from the page's own URL (?api=...&keyword=...), the page being served
// from another origin than the service, as a real front end is. The test ids are the ones the
// service's own page uses, so the same browser helpers read both.

import { useEffect } from 'react';
import { createLiveCards, saleCountdown } from 'live-cards-client';
import { LiveCardsProvider, useCard, useLiveCards, useRealtimeStatus, useServerNow } from 'live-cards-client/react';

const params = new URLSearchParams(location.search);
const live = createLiveCards({ baseUrl: params.get('api') ?? location.origin });

export function App() {
  return (
    <LiveCardsProvider live={live}>
      <Status />
      <SearchResults keyword={params.get('keyword') ?? ''} />
    </LiveCardsProvider>
  );
}

function Status() {
  const status = useRealtimeStatus();
  useEffect(() => {
    document.body.dataset.connection = status.connection;
  }, [status.connection]);
  return (
    <p data-testid="status" data-mode={status.mode ?? ''}>
      {status.mode ?? '…'} · {status.connection}
      {status.error === null ? null : ` · ${status.error.message}`}
    </p>
  );
}

function SearchResults({ keyword }: { keyword: string }) {
  const { cards, status } = useLiveCards({ keyword, size: 50 });
  return (
    <div data-testid="grid" data-count={status.ready ? cards.length : undefined}>
      {cards.map((card) => (
        <Card key={card.id} id={card.id} />
      ))}
    </div>
  );
}

function Card({ id }: { id: number }) {
  const card = useCard(id);
  const now = useServerNow(1_000);
  if (card === undefined) return null;
  const countdown = saleCountdown(card, now);
  return (
    <article data-testid={`card-${card.id}`} data-status={card.saleStatus}>
      <h3>{card.title}</h3>
      <p>{card.artistDisplayName ?? card.artistName}</p>
      <span data-testid={`countdown-${card.id}`}>{countdown.text ?? card.saleStatus}</span>
      <span>
        {card.availableSeatCount} of {card.totalSeatCount} left
      </span>
    </article>
  );
}
