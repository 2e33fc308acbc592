/** deploy/ci-static-cloud-key: keys with no federation to move to (S3-compatible stores) and keys a product's own tests need. */
import { describe, expect, it } from 'vitest';
import { findings } from './helpers.js';

const ID = 'deploy/ci-static-cloud-key';
const wf = (steps: string): string => ['on: push', 'permissions: {contents: read}', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', steps].join('\n');

describe('static cloud keys in CI', () => {
  it('leaves out keys sent to an S3-compatible endpoint (named for the store, or a custom endpoint URL / --endpoint-url)', async () => {
    const named = wf(['      - run: npm run build', '        env:', '          B2_ACCESS_KEY_ID: ${{ secrets.B2_KEY }}', '          MINIO_SECRET_ACCESS_KEY: ${{ secrets.MINIO_SECRET }}'].join('\n'));
    const flag = wf(['      - run: aws s3 cp out s3://b --endpoint-url https://store.example.org', '        env:', '          AWS_ACCESS_KEY_ID: ${{ secrets.KEY }}', '          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}'].join('\n'));
    const viaSecret = wf(['      - run: node upload.js', '        env:', '          S3_ENDPOINT: ${{ secrets.S3_ENDPOINT }}', '          S3_ACCESS_KEY_ID: ${{ secrets.S3_ACCESS_KEY_ID }}'].join('\n'));
    for (const code of [named, flag, viaSecret]) expect((await findings('.github/workflows/x.yml', code)).filter((f) => f.ruleId === ID)).toEqual([]);
  });

  it('keeps AWS keys high, also with an endpoint on amazonaws.com', async () => {
    const code = wf(['      - run: aws s3 cp out s3://b --endpoint-url https://s3.us-east-1.amazonaws.com', '        env:', '          AWS_ACCESS_KEY_ID: ${{ secrets.KEY }}'].join('\n'));
    expect((await findings('.github/workflows/x.yml', code)).filter((f) => f.ruleId === ID).map((f) => f.severity)).toEqual(['high']);
  });

  it("keeps AWS keys beside an AWS service's own endpoint setting (AWS_IOT_CORE_ENDPOINT is no other store)", async () => {
    const code = wf(['      - run: pytest tests/integration', '        env:', '          AWS_ACCESS_KEY_ID: ${{ secrets.KEY }}', '          AWS_IOT_CORE_ENDPOINT: ${{ secrets.IOT_ENDPOINT }}', '          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}'].join('\n'));
    expect((await findings('.github/workflows/x.yml', code)).filter((f) => f.ruleId === ID)).not.toEqual([]);
  });

  it('rates low a key held only by a test command under the product setting names; AWS_* names or a deploy step stay high', async () => {
    const appNames = wf(['      - run: pnpm --filter=worker run test:connections-only', '        env:', '          ACME_BEDROCK_ACCESS_KEY_ID: ${{ secrets.ACME_BEDROCK_ACCESS_KEY_ID }}'].join('\n'));
    const awsNames = wf(['      - run: pytest tests/integration', '        env:', '          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}'].join('\n'));
    const deploy = wf(['      - run: ./deploy.sh', '        env:', '          ACME_BEDROCK_ACCESS_KEY_ID: ${{ secrets.ACME_BEDROCK_ACCESS_KEY_ID }}'].join('\n'));
    const sev = async (code: string): Promise<string[]> => (await findings('.github/workflows/x.yml', code)).filter((f) => f.ruleId === ID).map((f) => f.severity);
    expect(await sev(appNames)).toEqual(['low']);
    expect(await sev(awsNames)).toEqual(['high']);
    expect(await sev(deploy)).toEqual(['high']);
  });
});
