/**
 * Test tokens for the workspace emulator: unsigned JWTs (alg "none") shaped like the Entra ID
 * access tokens a workspace accepts. Nothing here is a credential; the emulator only reads the
 * claims, as the checks of a real workspace gateway would, in the same order.
 * Hand-written on purpose: an alg "none" token is two base64url JSON parts, nothing a JWT library would add.
 */

import { isObject } from "../../common/objects";

/** The AzureDatabricks first-party application: the audience of every token a workspace accepts. */
export const AZURE_DATABRICKS_RESOURCE_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/** A user the seeded workspace knows (mintTestToken's default). */
export const KNOWN_USER = "maker@contoso.example";
/** A second known user, for runs started by someone else. */
export const OTHER_KNOWN_USER = "analyst@contoso.example";
/** A user with a valid token whom the workspace does not know: HTML 403 "User not authorized.". */
export const UNKNOWN_USER = "stranger@fabrikam.example";

export const TEST_TENANT_ID = "0c0de000-0000-4000-8000-00000000c0de";

export interface TestTokenClaims {
    aud?: string;
    upn?: string;
    oid?: string;
    /** Seconds from now until the token expires; negative for an expired token. Default 3600. */
    expiresInSeconds?: number;
}

export function mintTestToken(claims: TestTokenClaims = {}, nowMs: number = Date.now()): string {
    const issuedAt = Math.floor(nowMs / 1000);
    const upn = claims.upn ?? KNOWN_USER;
    const payload = {
        aud: claims.aud ?? AZURE_DATABRICKS_RESOURCE_ID,
        iss: `https://sts.windows.net/${TEST_TENANT_ID}/`,
        iat: issuedAt,
        nbf: issuedAt,
        exp: issuedAt + (claims.expiresInSeconds ?? 3600),
        tid: TEST_TENANT_ID,
        oid: claims.oid ?? oidOf(upn),
        upn,
        unique_name: upn,
        scp: "user_impersonation",
    };
    return `${base64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64Url(JSON.stringify(payload))}.`;
}

export interface DecodedToken {
    aud?: string | string[];
    exp?: number;
    nbf?: number;
    upn?: string;
    unique_name?: string;
    email?: string;
    preferred_username?: string;
    oid?: string;
    [claim: string]: unknown;
}

/** The claims of a JWT, or undefined when the text is not one. The signature is not checked. */
export function decodeToken(token: string): DecodedToken | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    try {
        const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as unknown;
        const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
        if (!isObject(header) || !isObject(payload)) return undefined;
        return payload as DecodedToken;
    } catch {
        return undefined;
    }
}

/** The user name a workspace takes from an Entra ID token. */
export function userOf(claims: DecodedToken): string | undefined {
    for (const value of [claims.upn, claims.unique_name, claims.email, claims.preferred_username]) {
        if (typeof value === "string" && value !== "") return value;
    }
    return undefined;
}

function oidOf(upn: string): string {
    // A stable, GUID-shaped object ID per user name, so tokens of one user agree.
    let hash = 0x811c9dc5;
    for (const char of upn) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    const hex = hash.toString(16).padStart(8, "0");
    return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

function base64Url(text: string): string {
    return Buffer.from(text, "utf8").toString("base64url");
}
