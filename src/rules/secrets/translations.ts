/**
 * UI translation files: the messages of one language under keys shared by every language
 * (`currentPassword: 'Contraseña actual'`, `"apiKeyHint": "…"`). What a generic pattern matches
 * there by a key's name alone is a label or a message, never a credential; a provider's key in its
 * own format is still one wherever it is.
 */

/** A locale code as a file is named for it: `en`, `ja-JP`, `zh-Hans`, `pt_BR`, `sr-Latn-RS`. */
const LOCALE = String.raw`[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Za-z]{2}|\d{3}))*`;

/** A folder that holds only translations, or a locale folder or file within such a folder. */
const TRANSLATION_DIR = /(?:^|\/)(?:i18n|l10n|locales?|translations?)\//i;
/** Folders that hold translations when the file (or a folder below) is named for a locale. */
const LANGUAGE_DIR = new RegExp(String.raw`(?:^|/)(?:lang|langs|languages|messages|strings)/(?:${LOCALE}/|${LOCALE}\.[a-z]{2,10}$)`);
/** Message catalogues by their format. */
const CATALOGUE = /\.(?:po|pot|xliff|xlf|arb|resx)$/i;

export function isTranslationFile(relPath: string): boolean {
  return TRANSLATION_DIR.test(relPath) || LANGUAGE_DIR.test(relPath) || CATALOGUE.test(relPath);
}
