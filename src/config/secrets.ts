/** Key names that hold credentials in Cyrus and Codegen configs. */
const SECRET_KEY = /(token|api[-_]?key|secret|password|credential|private[-_]?key)$/i;

/** Value shapes of the credentials this action deals with, wherever they appear. */
const SECRET_VALUE = [
  /^lin_(api|oauth)_[A-Za-z0-9]{8,}/,
  /^gh[pousr]_[A-Za-z0-9]{20,}/,
  /^github_pat_[A-Za-z0-9_]{20,}/,
  /^sk-ant-[A-Za-z0-9_-]{10,}/,
];

/** Which input (and conventional secret name) a user should use instead of the key they wrote. */
function replacementFor(key: string): { input: string; secret: string } {
  const k = key.toLowerCase();
  if (k.includes('linear')) return { input: 'linear-api-key', secret: 'LINEAR_API_KEY' };
  if (k.includes('anthropic') || k.includes('claude'))
    return { input: 'anthropic-api-key', secret: 'ANTHROPIC_API_KEY' };
  if (k.includes('github')) return { input: 'github-token', secret: 'GH_TOKEN' };
  return { input: 'codegen-api-token', secret: 'CODEGEN_API_TOKEN' };
}

export interface SecretFinding {
  path: string;
  message: string;
}

/**
 * Walks a parsed config file and reports every credential written into it.
 * A committed file is readable by anyone with read access; secrets belong in repository secrets.
 */
export function findCommittedSecrets(value: unknown, path: string[] = []): SecretFinding[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => findCommittedSecrets(item, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const childPath = [...path, key];
      if (SECRET_KEY.test(key) && typeof child === 'string' && child.trim() !== '') {
        return [secretFinding(childPath, key)];
      }
      return findCommittedSecrets(child, childPath);
    });
  }
  if (typeof value === 'string' && SECRET_VALUE.some((re) => re.test(value.trim()))) {
    return [secretFinding(path, path.at(-1) ?? '')];
  }
  return [];
}

function secretFinding(path: string[], key: string): SecretFinding {
  const { input, secret } = replacementFor(key);
  return {
    path: path.join('.'),
    message:
      'a token or API key must not be written in a committed file; remove it, store it as a repository secret ' +
      `and pass it with the \`${input}\` input (for example \`\${{ secrets.${secret} }}\`)`,
  };
}
