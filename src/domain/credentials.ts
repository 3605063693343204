/** How Claude Code authenticates: an Anthropic API key or a Claude Code OAuth token. */
export interface ClaudeCredentials {
  anthropicApiKey?: string;
  oauthToken?: string;
}

/** Credentials and endpoints, from action inputs or the CLI's environment. Secrets live only here. */
export interface RuntimeCredentials {
  githubToken: string;
  githubApiUrl: string;
  serverUrl: string;
  linearApiKey?: string;
  linearApiUrl: string;
  codegenApiToken?: string;
  codegenApiUrl: string;
  claude: ClaudeCredentials;
  claudePath?: string;
}
