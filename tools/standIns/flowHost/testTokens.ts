/**
 * Unsigned JWTs for tests and local demos of a Logic App's Entra ID policy: `alg: none`, no
 * signature. The local flow host accepts them because it does not check signatures — a real Logic
 * App refuses them. Never a credential.
 */

export interface TestTokenClaims {
    iss?: string;
    aud?: string | string[];
    [claim: string]: unknown;
}

/** The issuer of Entra ID v1 access tokens for a tenant: https://sts.windows.net/<tenant id>/ */
export const entraIssuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

/** An unsigned access token with these claims, valid for an hour from `now` (iat, nbf, exp added unless given). */
export function mintUnsignedToken(claims: TestTokenClaims, now: number = Date.now()): string {
    const issuedAt = Math.floor(now / 1000);
    const payload = { iat: issuedAt, nbf: issuedAt, exp: issuedAt + 3600, ver: "1.0", ...claims };
    return `${encode({ typ: "JWT", alg: "none" })}.${encode(payload)}.`;
}
