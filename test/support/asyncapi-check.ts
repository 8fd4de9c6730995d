// Checks a real emitted payload against the message schema of the published AsyncAPI document, so
// end-to-end tests prove the wire and the document agree (not just that the document is valid).

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { asyncApiDocument } from '../../src/adapters/realtime/asyncapi.js';

// ajv-formats is CommonJS: under nodenext the default import is module.exports, the plugin is `.default`.
const addFormats = addFormatsModule.default;

const DOCUMENT_ID = 'asyncapi.json';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
// The whole document is registered so `#/components/schemas/X` refs resolve; only the AsyncAPI
// keywords that hold no schema are declared, the schemas themselves stay under strict mode.
ajv.addVocabulary(['asyncapi', 'info', 'servers', 'defaultContentType', 'channels', 'operations', 'components']);
ajv.addSchema(asyncApiDocument as object, DOCUMENT_ID);

const validators = new Map<string, ValidateFunction>();

/** Message names as the document gives them: `CONCERTS_REFRESH`, `CONCERTS_HEARTBEAT`, `time:sync`, `time:sync ack`. */
export function asyncApiMessageNames(): string[] {
  return Object.values(asyncApiDocument.components.messages).map((message) => message.name);
}

function validatorFor(messageName: string): ValidateFunction {
  const cached = validators.get(messageName);
  if (cached) return cached;
  const message = Object.values(asyncApiDocument.components.messages).find((m) => m.name === messageName);
  if (!message) throw new Error(`the AsyncAPI document has no message named ${messageName}`);
  const validate = ajv.compile({ $ref: `${DOCUMENT_ID}${message.payload.$ref}` });
  validators.set(messageName, validate);
  return validate;
}

/** Throws with every schema violation listed when `payload` does not match the message's schema. */
export function assertMatchesAsyncApi(messageName: string, payload: unknown): void {
  const validate = validatorFor(messageName);
  if (!validate(payload)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ');
    throw new Error(`${messageName} payload does not match the AsyncAPI schema: ${problems}`);
  }
}

/** What one Socket.IO text frame on a namespace carries: an event with its arguments, or an ack. */
export type SocketIoMessage =
  | { readonly kind: 'event'; readonly name: string; readonly ackId: number | null; readonly args: unknown[] }
  | { readonly kind: 'ack'; readonly ackId: number; readonly args: unknown[] };

/**
 * Reads an Engine.IO text frame as a browser sees it on the wire (`42/concerts,["CONCERTS_REFRESH",{...}]`,
 * `42/concerts,5["time:sync",1700000000000]`, `43/concerts,5[{...}]`): null for anything that is not
 * an event or an ack on `namespace` (pings, connects).
 */
export function socketIoMessage(frame: string, namespace = '/concerts'): SocketIoMessage | null {
  const match = /^4([23])([^,[\d]*,)?(\d*)(\[.*)$/s.exec(frame);
  if (match === null) return null;
  const [, type, nsp = '', id = '', body = ''] = match;
  if ((nsp === '' ? '/' : nsp.slice(0, -1)) !== namespace) return null;
  const args = JSON.parse(body) as unknown[];
  const ackId = id === '' ? null : Number(id);
  if (type === '3') return ackId === null ? null : { kind: 'ack', ackId, args };
  const [name, ...rest] = args;
  return typeof name === 'string' ? { kind: 'event', name, ackId, args: rest } : null;
}
