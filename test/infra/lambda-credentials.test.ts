import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../infra/bundling/lambda-credentials.js';

describe('the credentials the Lambda bundles use', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('are the role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'session');
    const credentials = await defaultProvider()();
    expect(credentials).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
  });

  it('fail with a clear error when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/environment/i);
  });
});
