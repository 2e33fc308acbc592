/**
 * A vendor named in a key (`generic-vendor-credential`'s `vendor` group, matched without regard to
 * case) names it only as a whole word of the key: `EXA_API_KEY`, `exa-key`, `exaApiKey`,
 * `openAIApiKey`, not the first letters of another word (`exampleStrongPassword`, `exactlyToken`,
 * `replicated_publishable_key`), which would attribute any value under it to that vendor.
 */

/**
 * What may run on from a vendor's name in the same case and still leave it a word of the key: a
 * credential's words (`GITHUBTOKEN`, `openaiapikey`, `slackbot_token`), after a word vendors add to
 * their own name (`MISTRALAI_API_KEY`, `ELASTICSEARCH_PASSWORD`, `HUGGINGFACEHUB_API_KEY`).
 */
const JOINED_WORDS = /^(?:ai|hub|search)?(?:api|access|auth|bot|app|client|private|personal|service|secret|token|key|pat|password|pass|pwd)*$/i;

const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isLower = (c: string): boolean => c >= 'a' && c <= 'z';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Whether the vendor's name at text[start, end) ends where a word of its key ends. */
export function namesVendorAsWord(text: string, start: number, end: number): boolean {
  const next = text.charAt(end);
  // Not a letter: a separator (`_`, `-`, `.`), a quote, the assignment.
  if (!isUpper(next) && !isLower(next)) return true;
  // Its last letter, past a digit it ends with (`auth0`).
  let last = end - 1;
  while (last > start && isDigit(text.charAt(last))) last--;
  // camelCase (`exaApiKey`, `auth0RefreshToken`), or an acronym giving way to a capitalised word (`openAIApiKey`).
  if (isUpper(next) && (isLower(text.charAt(last)) || isLower(text.charAt(end + 1)))) return true;
  // Run on in one case (`EXAMPLE_`, `exactly`, `GITHUBTOKEN`): what runs on must be words a credential's key is made of.
  const run = isUpper(next) ? /^[A-Z]+/.exec(text.slice(end, end + 40)) : /^[a-z]+/.exec(text.slice(end, end + 40));
  return JOINED_WORDS.test(run![0]);
}
