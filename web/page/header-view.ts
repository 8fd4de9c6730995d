// The status line under the title: realtime mode, connection state and the clock-offset estimate.
// The numeric estimate is also kept in data-offset-ms so tests can compare it with an injected skew.

import type { ConnectionState, RealtimeMode } from 'live-cards-client';
import { describeClockOffset } from './clock-offset.js';
import { el, setText } from './dom.js';

const MODE_TEXT: Record<RealtimeMode, string> = {
  websocket: 'Live (WebSocket)',
  hybrid: 'Live + periodic refresh',
  polling: 'Periodic refresh',
};

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connected: 'connected',
  reconnecting: 'reconnecting…',
  polling: 'polling',
  offline: 'offline',
};

export class HeaderView {
  readonly element: HTMLElement;
  private readonly mode = el('span', { class: 'pill pill--mode', 'data-testid': 'mode' });
  private readonly connection = el('span', { class: 'pill pill--connection', 'data-testid': 'connection' });
  private readonly offset = el('span', { class: 'status-line__offset', 'data-testid': 'clock-offset' });

  constructor() {
    this.element = el('p', { class: 'status-line' }, this.mode, this.connection, this.offset);
  }

  showMode(mode: RealtimeMode): void {
    setText(this.mode, MODE_TEXT[mode]);
    this.mode.dataset.mode = mode;
  }

  showConnection(state: ConnectionState): void {
    setText(this.connection, CONNECTION_TEXT[state]);
    this.connection.dataset.state = state;
  }

  /** `offsetMs` = local clock minus server clock; null while there is no estimate yet. */
  showOffset(offsetMs: number | null): void {
    setText(this.offset, offsetMs === null ? 'measuring your clock…' : describeClockOffset(offsetMs));
    if (offsetMs === null) delete this.offset.dataset.offsetMs;
    else this.offset.dataset.offsetMs = offsetMs.toFixed(1);
  }
}
