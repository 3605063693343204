import { LinearClient } from '@linear/sdk';
import { ProxyDispatchers, type ProxyEnvironment, readProxyEnvironment } from '../http/index.js';
import { UserError } from '../util/errors.js';

export const DEFAULT_LINEAR_API_URL = 'https://api.linear.app/graphql';

/** Linear personal API keys carry this prefix; anything else is taken for an OAuth access token. */
const API_KEY_PREFIX = 'lin_api_';

export type LinearCredentialKind = 'apiKey' | 'accessToken';

/** How `@linear/sdk` must send the credential: a key raw in `Authorization`, a token as `Bearer`. */
export function credentialKind(credential: string): LinearCredentialKind {
  return credential.startsWith(API_KEY_PREFIX) ? 'apiKey' : 'accessToken';
}

export interface CreateLinearClientOptions {
  /** The `linear-api-key` input: a personal API key or an OAuth access token. */
  credential: string;
  /** The `linear-api-url` input. */
  apiUrl?: string;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY; read from the process by default. */
  proxies?: ProxyEnvironment;
}

/**
 * The SDK client, pointed at `linear-api-url`. Requests go through LinearTransport, which sends
 * each one with this client's headers and URL plus a timeout signal (the SDK takes one signal per
 * client, so the transport builds a LinearGraphQLClient per request from these options).
 */
export function createLinearClient(options: CreateLinearClientOptions): LinearClient {
  const credential = options.credential.trim();
  if (credential === '') {
    throw new UserError(
      'No Linear credential: set the `linear-api-key` input to a repository secret holding a Linear API key or OAuth token.',
    );
  }
  const apiUrl = options.apiUrl?.trim() || DEFAULT_LINEAR_API_URL;
  // The SDK sends with the global fetch and passes its options through to it: a proxy goes in as
  // undici's `dispatcher` (undici 6's, which the fetch of Node 20 and 24 both accept).
  const proxies = options.proxies ?? readProxyEnvironment(process.env);
  try {
    const dispatcher = new ProxyDispatchers(proxies).for(apiUrl);
    const transport = { apiUrl, ...(dispatcher ? { dispatcher } : {}) };
    return credentialKind(credential) === 'apiKey'
      ? new LinearClient({ apiKey: credential, ...transport })
      : new LinearClient({ accessToken: credential.replace(/^Bearer\s+/i, ''), ...transport });
  } catch (error) {
    // The SDK refuses a non-HTTPS URL unless it is localhost; say which input to fix.
    throw new UserError(
      `\`linear-api-url\` is not usable (${apiUrl}): ${error instanceof Error ? error.message : String(error)}. ` +
        `Use an https:// URL, or leave it empty for ${DEFAULT_LINEAR_API_URL}.`,
    );
  }
}
