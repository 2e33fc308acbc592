/** An error the user can fix (bad flag, bad config, missing path): exit code 2 with this message, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
