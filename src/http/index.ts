export { withProxyVariablesInBothCases } from './child-proxy.js';
export { ProxyDispatchers, proxyAwareFetch } from './fetch.js';
export { type ProxyEnvironment, proxyFor, readProxyEnvironment } from './proxy.js';
