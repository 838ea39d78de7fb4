/**
 * The component's getAccessToken on the standalone page: MSAL's cached token when it can give one
 * silently, else the sign-in page again (a redirect; the page reloads signed in).
 */
import { InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from "@azure/msal-browser";
import type { AccessTokenHook } from "../src/logicAppTransport";

export type TokenClient = Pick<IPublicClientApplication, "acquireTokenSilent" | "acquireTokenRedirect">;

/** The hook gives tokens only for `endpoint`, the configured Logic App: for any other URL it throws. */
export function accessTokenHook(
    client: TokenClient,
    account: AccountInfo,
    scope: string,
    endpoint: string,
): AccessTokenHook {
    const allowed = new URL(endpoint).href;
    return async (requested) => {
        if (new URL(requested).href !== allowed)
            throw new Error(`No token for ${requested}: this page calls only ${allowed}.`);
        const request = { scopes: [scope], account };
        try {
            return (await client.acquireTokenSilent(request)).accessToken;
        } catch (error) {
            // Consent missing, the session ended, a password changed, a policy asks for MFA again.
            if (error instanceof InteractionRequiredAuthError) await client.acquireTokenRedirect(request);
            throw error;
        }
    };
}
