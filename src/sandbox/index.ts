export {
  type SandboxHost,
  type SandboxIdentity,
  type SandboxMount,
  type SandboxRun,
  sandboxCommandLine,
} from './command-line.js';
export { actionDirectories, SANDBOX_BIN_DIR } from './hidden.js';
export {
  type HostProbeOptions,
  probeSandboxHost,
  SandboxUnavailableError,
} from './host.js';
export { Sandbox } from './sandbox.js';
export { type CommandWrapper, sandboxWrapper } from './wrap.js';
