import { IncomingMessage } from "node:http";
import { isObject } from "../../common/objects";
import type { InvokeAuthorization, InvokeRefusal } from "./invokeEndpoint";

/**
 * A Logic App's Entra ID (Azure AD) authorization policies on its Request trigger
 * (accessControl.triggers.openAuthenticationPolicies.policies), checked as Logic Apps documents it
 * (https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#enable-oauth-with-microsoft-entra-id):
 * an `Authorization: Bearer <access token>` header whose claims match every claim of at least one
 * policy; the token may have more claims.
 *
 * LOCAL STAND-IN, NOT A SECURITY BOUNDARY: the token's signature is NOT checked. Tests mint unsigned
 * tokens (testTokens.ts); anyone can mint one that passes. Never put this in front of anything real.
 */

/** One policy: its name and the claims a token must have, each with its exact value. */
export interface EntraPolicy {
    name: string;
    type: string;
    claims: Array<{ name: string; value: string }>;
}

/**
 * Logic Apps' answers (401 with `{"error": {code, message}}`); Microsoft documents the behaviour, not
 * these bodies: they are what callers of real Logic Apps report.
 */
export const POLICY_REFUSALS = {
    noToken: {
        status: 401,
        code: "DirectApiAuthorizationRequired",
        message: "The request must be authenticated only by Shared Access scheme.",
    },
    notBearer: {
        status: 401,
        code: "DirectApiInvalidAuthorizationScheme",
        message:
            "The provided authorization token is not valid. The request should have a valid authorization header with 'Bearer' scheme.",
    },
    claimsMismatch: {
        status: 401,
        code: "MisMatchingOAuthClaims",
        message:
            "One or more claims either missing or does not match with the open authentication access control policy.",
    },
} as const satisfies Record<string, InvokeRefusal>;

/** Thrown for a policy the host cannot enforce: a type other than AAD, no claims, no iss claim of an Entra ID issuer. */
export class EntraPolicyError extends Error {}

const ENTRA_ISSUERS = ["https://sts.windows.net/", "https://login.microsoftonline.com/"];

/** Checks the policies as Azure checks them when the workflow is saved: type AAD, an iss claim of an Entra ID issuer. */
export function checkPolicies(policies: EntraPolicy[]): void {
    for (const policy of policies) {
        const where = `The authorization policy "${policy.name}"`;
        if (policy.type !== "AAD")
            throw new EntraPolicyError(`${where} has type ${JSON.stringify(policy.type)}, not AAD.`);
        const issuer = policy.claims.find((claim) => claim.name === "iss");
        if (issuer === undefined || !ENTRA_ISSUERS.some((prefix) => String(issuer.value).startsWith(prefix)))
            throw new EntraPolicyError(
                `${where} must have an iss claim starting with ${ENTRA_ISSUERS.join(" or ")} (it has ${JSON.stringify(issuer?.value ?? null)}).`,
            );
        for (const claim of policy.claims)
            if (typeof claim.value !== "string" || claim.value === "")
                throw new EntraPolicyError(`${where}: the claim ${claim.name} has no value.`);
    }
}

/** The claims of a JWT (header.payload.signature, base64url), WITHOUT checking its signature; undefined when it is not one. */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || parts.slice(0, 2).some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
    try {
        const header: unknown = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
        const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
        return isObject(header) && isObject(payload) ? payload : undefined;
    } catch {
        return undefined;
    }
}

/** Whether the token's claim has the policy's value: equal text, or an array of them that holds it. */
function claimMatches(claims: Record<string, unknown>, claim: { name: string; value: string }): boolean {
    const actual = claims[claim.name];
    if (Array.isArray(actual)) return actual.some((item) => String(item) === claim.value);
    return actual !== undefined && actual !== null && String(actual) === claim.value;
}

/** A token outside its lifetime (exp, nbf, in seconds since the epoch, with five minutes' leeway) is not valid. */
function withinLifetime(claims: Record<string, unknown>, nowSeconds: number): boolean {
    const leeway = 300;
    if (typeof claims.exp === "number" && claims.exp + leeway < nowSeconds) return false;
    if (typeof claims.nbf === "number" && claims.nbf - leeway > nowSeconds) return false;
    return true;
}

/** What Logic Apps answers for this Authorization header under these policies: undefined lets the caller in. */
export function policyRefusal(
    authorization: string | undefined,
    policies: EntraPolicy[],
    now: () => number = Date.now,
): InvokeRefusal | undefined {
    if (authorization === undefined || authorization.trim() === "") return POLICY_REFUSALS.noToken;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
    if (match === null) return POLICY_REFUSALS.notBearer;
    const claims = unverifiedClaims(match[1]);
    if (claims === undefined || !withinLifetime(claims, now() / 1000)) return POLICY_REFUSALS.notBearer;
    const admitted = policies.some((policy) => policy.claims.every((claim) => claimMatches(claims, claim)));
    return admitted ? undefined : POLICY_REFUSALS.claimsMismatch;
}

/** The caller check for a Logic App whose trigger has these policies (checked first: a policy the host cannot enforce throws). */
export function entraPolicyCheck(policies: EntraPolicy[], now?: () => number): InvokeAuthorization {
    checkPolicies(policies);
    return (request: IncomingMessage) => policyRefusal(request.headers.authorization, policies, now);
}
