export { ProxyDispatchers, proxyAwareFetch } from './fetch.js';
export {
  bypassesProxy,
  isDirect,
  type ProxyEnvironment,
  parseNoProxy,
  proxyFor,
  readProxyEnvironment,
} from './proxy.js';
export { withProxyVariablesInBothCases } from './child-proxy.js';
