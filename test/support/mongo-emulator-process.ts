// The MongoDB-wire-compatible in-process server of npm @push.rocks/smartmongo ("CongoDB", memory
// storage), run as its own process so that the driver talks to it over TCP as it would to mongod.
// Usage: node mongo-emulator-process.js <port>; prints "listening <port>" once it accepts.
// Deep import: the package's main entry also loads its mongod launcher, whose dependencies the
// overrides in package.json replace (see test/support/mongo-emulator.ts).

import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error(`usage: mongo-emulator-process.js <port>, got ${process.argv[2]}`);
const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();
process.stdout.write(`listening ${port}\n`);
// The parent's exit closes stdin: never outlive it.
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => void server.stop().finally(() => process.exit(0)));
