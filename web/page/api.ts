// The page's own HTTP calls (the live client owns the snapshot): highlights and reservations.
// Answers are parsed into the wire types or a named failure the page can show as-is.

import type { CardJson, ErrorResponse, HighlightsResponse } from 'live-cards-client';

export type ReserveOutcome =
  | { readonly ok: true; readonly card: CardJson }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

export interface PageApi {
  highlights(limits: { openingSoonLimit: number; sellOutRiskLimit: number }): Promise<HighlightsResponse>;
  reserve(concertId: number, quantity: number): Promise<ReserveOutcome>;
}

export function httpPageApi(baseUrl = '', fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): PageApi {
  return {
    async highlights({ openingSoonLimit, sellOutRiskLimit }) {
      const query = new URLSearchParams({ openingSoonLimit: String(openingSoonLimit), sellOutRiskLimit: String(sellOutRiskLimit) });
      const response = await fetchImpl(`${baseUrl}/api/concerts/highlights?${query}`, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`highlights answered ${response.status}`);
      return (await response.json()) as HighlightsResponse;
    },

    async reserve(concertId, quantity) {
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}/api/concerts/${concertId}/reservations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ quantity }),
        });
      } catch (_error) {
        return { ok: false, status: 0, code: 'NETWORK', message: 'The server could not be reached. Please try again.' };
      }
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) return { ok: true, card: (body as { card: CardJson }).card };
      const error = (body as Partial<ErrorResponse> | null)?.error;
      return {
        ok: false,
        status: response.status,
        code: error?.code ?? `HTTP_${response.status}`,
        message: error?.message ?? `The reservation failed (HTTP ${response.status}).`,
      };
    },
  };
}
