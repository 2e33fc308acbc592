/**
 * A credential's own provider: sending an AWS key to an AWS endpoint, a GitHub token to GitHub, is
 * using the credential, not exfiltrating it. Keyed by words in the secret kind's title.
 */
const PROVIDERS: { kind: RegExp; hosts: RegExp }[] = [
  { kind: /\baws\b|amazon/i, hosts: /(?:^|\.)amazonaws\.com(?:\.cn)?$|(?:^|\.)aws\.amazon\.com$/i },
  { kind: /github/i, hosts: /(?:^|\.)github\.com$|(?:^|\.)githubusercontent\.com$/i },
  { kind: /gitlab/i, hosts: /(?:^|\.)gitlab\.com$/i },
  { kind: /openai/i, hosts: /(?:^|\.)openai\.com$/i },
  { kind: /anthropic/i, hosts: /(?:^|\.)anthropic\.com$/i },
  { kind: /slack/i, hosts: /(?:^|\.)slack\.com$/i },
  { kind: /stripe/i, hosts: /(?:^|\.)stripe\.com$/i },
  { kind: /google|gcp|firebase/i, hosts: /(?:^|\.)googleapis\.com$|(?:^|\.)google\.com$/i },
  { kind: /azure|microsoft/i, hosts: /(?:^|\.)(?:azure\.com|windows\.net|microsoft\.com|azure-api\.net)$/i },
  { kind: /hugging ?face/i, hosts: /(?:^|\.)huggingface\.co$/i },
  { kind: /npm/i, hosts: /(?:^|\.)npmjs\.(?:org|com)$/i },
  { kind: /twilio/i, hosts: /(?:^|\.)twilio\.com$/i },
  { kind: /sendgrid/i, hosts: /(?:^|\.)sendgrid\.(?:com|net)$/i },
];

/** The provider label when every host is the secret's own provider (and there is at least one host). */
export function ownProvider(kind: string, hosts: string[]): boolean {
  if (!hosts.length) return false;
  const p = PROVIDERS.find((x) => x.kind.test(kind));
  return !!p && hosts.every((h) => p.hosts.test(h.replace(/:\d+$/, '')));
}
