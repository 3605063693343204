import { Sandbox } from '../../src/sandbox/index.js';

let ready: Promise<Sandbox> | undefined;

/** The product's sandbox on this machine (bubblewrap + setpriv; .ci/run installs bubblewrap), once per test process. */
export function testSandbox(): Promise<Sandbox> {
  ready ??= Sandbox.prepare();
  return ready;
}
