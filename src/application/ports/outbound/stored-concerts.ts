// "Which concerts have these ids, and what was last published for each?"

import type { PublishedCardState } from '../../../domain/card/card-state.js';
import type { Concert } from '../../../domain/card/concert.js';

export interface StoredConcert {
  readonly concert: Concert;
  readonly state: PublishedCardState;
}

export interface StoredConcerts {
  /** The concerts among `ids` that exist, in id order, each with its published card state. */
  findByIds(ids: readonly number[]): Promise<StoredConcert[]>;
}

