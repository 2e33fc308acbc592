/** deploy/iac-static-key and Cloud Storage HMAC keys: long-lived, in state, narrower than a service-account key file. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const keys = async (code: string) => (await findings('infra/storage.tf', code)).filter((f) => f.ruleId === 'deploy/iac-static-key').map((f) => [f.severity, f.message]);

describe('deploy/iac-static-key on google_storage_hmac_key', () => {
  it('reports an active HMAC key medium, saying it reaches Cloud Storage only; a key file beside it stays high', async () => {
    const found = await keys(
      'resource "google_storage_hmac_key" "backups" {\n  service_account_email = google_service_account.backups.email\n}\n\nresource "google_service_account_key" "backups" {\n  service_account_id = google_service_account.backups.id\n}\n',
    );
    expect(found.map(([s]) => s)).toEqual(['medium', 'high']);
    expect(found[0]![1]).toMatch(/Cloud Storage HMAC key .* It reaches Cloud Storage only/);
  });

  it('leaves an inactive HMAC key alone', async () => {
    expect(await keys('resource "google_storage_hmac_key" "old" {\n  service_account_email = google_service_account.backups.email\n  state = "INACTIVE"\n}\n')).toEqual([]);
  });
});
