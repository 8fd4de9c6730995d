// ESLint flat config. Deliberately small: typescript-eslint's recommended set (no type-checking)
// plus the rules dependency-cruiser cannot express, because a global is not an import:
// - the core (domain, application) never reads a clock, draws a random id, starts a timer or
//   reads the process;
// - nothing else under src/ reads the wall clock either: every "now" comes from the Clock port,
//   whose one implementation is src/adapters/clock. (Adapters may measure elapsed time with
//   performance.now(), which is no instant, and start timers.)
// test/architecture/clock-rule.test.ts proves the restrictions fire.

import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const CLOCK = 'Time comes from the Clock port: the domain takes `now` as an argument, the application asks Clock.';
const IDS = 'Ids and seq come from ports (the store or an id generator port), never from randomness in the core.';
const TIMERS = 'No timers in the core: ask the TransitionScheduler port for "re-evaluate at instant T".';
const PROCESS = 'The core does not read the process: configuration is read in src/bootstrap and passed in.';

/** Paths of the pure core: the layers that must stay deterministic given their inputs. */
const CORE = ['src/domain/**/*.{ts,mts,cts,js}', 'src/application/**/*.{ts,mts,cts,js}'];
/** The rest of src/ but the clock adapter: it gets "now" from the Clock port too. */
const OUTER = ['src/adapters/**/*.{ts,mts,cts,js}', 'src/bootstrap/**/*.{ts,mts,cts,js}', 'src/contract/**/*.{ts,mts,cts,js}'];
const WALL_CLOCK_ADAPTER = ['src/adapters/clock/**'];
const WALL_CLOCK = 'Read "now" from the Clock port (src/application/ports/clock.ts); only src/adapters/clock reads the wall clock.';

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'artifacts/**'] },
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    files: CORE,
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: CLOCK },
        { object: 'performance', property: 'now', message: CLOCK },
        { object: 'Math', property: 'random', message: IDS },
        { object: 'crypto', property: 'randomUUID', message: IDS },
        { object: 'crypto', property: 'getRandomValues', message: IDS },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK },
        { selector: "CallExpression[callee.name='Date']", message: CLOCK },
        {
          selector: "MemberExpression[object.name='globalThis'][property.name=/^(setTimeout|setInterval|setImmediate)$/]",
          message: TIMERS,
        },
        { selector: "MemberExpression[object.name='globalThis'][property.name='crypto']", message: IDS },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: TIMERS },
        { name: 'setInterval', message: TIMERS },
        { name: 'setImmediate', message: TIMERS },
        { name: 'process', message: PROCESS },
      ],
    },
  },
  {
    files: OUTER,
    ignores: WALL_CLOCK_ADAPTER,
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: WALL_CLOCK }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: WALL_CLOCK },
        { selector: "CallExpression[callee.name='Date']", message: WALL_CLOCK },
      ],
    },
  },
);
