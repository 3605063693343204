#!/usr/bin/env node
import { main } from './main.js';

// Exit once stdout and stderr are flushed: open sockets or timers of a client must not keep the CLI alive.
const code = await main(process.argv);
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
