import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { DEMO_PASSWORD, findDemoUser } from './demo-users.js';

const ISSUER = 'dossier-local';
const CLIENT_ID = 'dossier-local-portal';
const TOKEN_LIFETIME = '8h';
const ALG = 'ES256';

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface LocalAuth {
  login(username: string, password: string): Promise<string | undefined>;
  /** Claims of a valid token, or undefined (missing, forged, expired). */
  verify(token: string): Promise<JWTPayload | undefined>;
  /** For tests: a token that expired an hour ago, signed with the real key. */
  expiredToken(username: string): Promise<string>;
}

/**
 * The local stand-in for Cognito. Its signing key is made on first use and kept in .local/ (never
 * committed), so each machine has its own; tokens carry Cognito's access-token claims.
 */
export async function createLocalAuth(keyFile: string | undefined): Promise<LocalAuth> {
  const { privateKey, publicKey } = await loadOrCreateKeys(keyFile);

  const sign = (username: string, expiresAt: string | number) => {
    const user = findDemoUser(username);
    if (!user) throw new Error(`no demo user ${username}`);
    return new SignJWT({
      username: user.username,
      'cognito:groups': [...user.groups],
      client_id: CLIENT_ID,
      token_use: 'access',
      name: user.displayName,
      // What the pre-token-generation trigger adds to Cognito's access tokens from custom:member_number.
      ...(user.memberNumber ? { member_number: user.memberNumber } : {}),
    })
      .setProtectedHeader({ alg: ALG })
      .setSubject(user.sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(privateKey);
  };

  return {
    async login(username, password) {
      const user = findDemoUser(username);
      const expected = Buffer.from(DEMO_PASSWORD);
      const given = Buffer.from(password);
      const passwordOk = given.length === expected.length && timingSafeEqual(given, expected);
      if (!user || !passwordOk) return undefined;
      return sign(username, TOKEN_LIFETIME);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, algorithms: [ALG] });
        return payload.client_id === CLIENT_ID ? payload : undefined;
      } catch {
        return undefined;
      }
    },
    expiredToken: (username) => sign(username, Math.floor(Date.now() / 1000) - 3600),
  };
}

async function loadOrCreateKeys(keyFile: string | undefined): Promise<{ privateKey: KeyLike; publicKey: KeyLike }> {
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    const { d: _d, ...publicJwk } = jwk;
    return {
      privateKey: (await importJWK(jwk, ALG)) as KeyLike,
      publicKey: (await importJWK(publicJwk, ALG)) as KeyLike,
    };
  }
  const pair = await generateKeyPair(ALG, { extractable: true });
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(await exportJWK(pair.privateKey)), { mode: 0o600 });
  }
  return pair;
}

/**
 * API Gateway's JWT authorizer passes array claims to Lambda as "[a b]" strings; the local
 * gateway does the same so that local runs exercise the parsing that production needs.
 */
export function claimsAsApiGatewayPassesThem(payload: JWTPayload): Record<string, string | number | boolean> {
  const claims: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(' ')}]`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') claims[name] = value;
  }
  return claims;
}
