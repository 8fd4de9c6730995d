// The plain (framework-free) client, used as a front end without React would. Type-checked only:
// the `@ts-expect-error` lines prove the types are real (an `any` would make them unused, an error).

import {
  createLiveCards,
  formatCountdown,
  LiveCardsClient,
  LiveCardsStore,
  PROTOCOL_VERSION,
  ProtocolVersionError,
  saleCountdown,
  startLiveSession,
  type CardJson,
  type LiveCardsSnapshot,
  type RefreshEvent,
  type SaleStatus,
  type SearchResponse,
} from 'live-cards-client';

export async function followOnce(baseUrl: string): Promise<string[]> {
  const client = new LiveCardsClient({ baseUrl, manualSocket: true, query: { keyword: 'tour', size: 20 } });
  const changed: number[] = [];
  client.on('refresh', (event: RefreshEvent) => changed.push(...event.items.map((card) => card.id)));
  client.on('resync', (_seq: number, snapshot: SearchResponse) => changed.push(snapshot.totalElements));
  client.on('error', (error) => {
    if (error instanceof ProtocolVersionError) console.error(`server serves ${error.serverVersions?.join(', ')}; we speak ${error.clientVersion}`);
  });
  const driver = await startLiveSession(client);
  const lines = [...client.cards().values()].map((card: CardJson) => `${card.title}: ${saleCountdown(card, client.serverNow()).text ?? card.saleStatus}`);
  driver.stop();
  client.close();

  const store = new LiveCardsStore({ baseUrl, query: { artistName: 'Aurora' } });
  const stop = store.subscribe(() => {
    const snapshot: LiveCardsSnapshot = store.getSnapshot();
    const statuses: SaleStatus[] = snapshot.cards.map((card) => card.saleStatus);
    lines.push(`${statuses.length} cards, ${snapshot.status.connection}`);
  });
  stop();

  const live = createLiveCards({ baseUrl });
  lines.push(formatCountdown(live.serverNow() % 1000), String(live.card(1)?.remainingRate ?? null));
  const version: 1 = PROTOCOL_VERSION;
  lines.push(String(version));
  return lines;
}

export function theOriginalSchemaNames(card: CardJson): unknown[] {
  return [
    // @ts-expect-error the original event's `concertId` is `id` here
    card.concertId,
    // @ts-expect-error the original `remainingSeats` is `availableSeatCount` here
    card.remainingSeats,
    // @ts-expect-error `remainingRate` is a number or null, never a string
    card.remainingRate.toFixed(2),
  ];
}
