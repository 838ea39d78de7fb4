import { readFileSync } from "node:fs";
import { InteractionRequiredAuthError, type AccountInfo } from "@azure/msal-browser";
import { ConfigError, readStandaloneConfig } from "../../portal/standalone/config";
import { accessTokenHook, type TokenClient } from "../../portal/standalone/tokenHook";
import { repoPath } from "../../tools/common/repoPaths";

const VALID = {
    tenantId: "contoso.onmicrosoft.com",
    clientId: "00000000-0000-4000-8000-0000000000a1",
    scope: "api://00000000-0000-4000-8000-0000000000a1/user_impersonation",
    endpoint:
        "https://prod-07.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-10-01",
    jobId: "684213907551001",
};
const read = (settings: Record<string, unknown>) => readStandaloneConfig(JSON.stringify(settings));

describe("config.json", () => {
    test("a complete one: its values, with the defaults of the optional settings", () => {
        expect(read({ ...VALID, parameters: { region: "emea", retries: 3 } })).toEqual({
            ...VALID,
            parameters: { region: "emea", retries: "3" },
            title: "Run a Databricks job",
            buttonText: undefined,
            authorityHost: "https://login.microsoftonline.com",
        });
    });

    test.each([
        [
            "no clientId",
            { ...VALID, clientId: undefined },
            'config.json: "clientId" must be the application (client) ID',
        ],
        [
            "a clientId that is not a GUID",
            { ...VALID, clientId: "my-portal" },
            'config.json: "clientId" must be the application (client) ID of the page\'s app registration, a GUID; it is "my-portal".',
        ],
        [
            "a tenantId that is neither a GUID nor a domain",
            { ...VALID, tenantId: "not a tenant" },
            'config.json: "tenantId" must be the tenant\'s ID',
        ],
        [
            "an http endpoint",
            { ...VALID, endpoint: "http://prod-07.westeurope.logic.azure.com/x" },
            'config.json: "endpoint" must be the Logic App trigger\'s https URL',
        ],
        [
            "a jobId written as a number",
            { ...VALID, jobId: 684213907551001 },
            'config.json: "jobId" must be the Databricks job\'s ID, 1 to 19 digits; it is 684213907551001.',
        ],
        ["an empty scope", { ...VALID, scope: "" }, 'config.json: "scope" must be the scope'],
        [
            "parameters that are not an object",
            { ...VALID, parameters: ["emea"] },
            'config.json: "parameters" must be an object',
        ],
        [
            "an http authorityHost",
            { ...VALID, authorityHost: "http://login.example" },
            'config.json: "authorityHost" must be the sign-in host\'s https URL',
        ],
    ])("%s is refused, naming the setting", (_case, settings, message) => {
        expect(() => read(settings)).toThrow(ConfigError);
        expect(() => read(settings)).toThrow(message);
    });

    test("the example's placeholders are named as placeholders still to fill in", () => {
        const example = readFileSync(repoPath("portal", "standalone", "config.example.json"), "utf8");
        expect(() => readStandaloneConfig(example)).toThrow(
            /^config\.json: "tenantId" is still the placeholder <your Entra ID tenant/,
        );
        const parsed = JSON.parse(example) as Record<string, string>;
        expect(Object.keys(parsed)).toEqual(
            expect.arrayContaining(["tenantId", "clientId", "scope", "endpoint", "jobId"]),
        );
    });

    test("text that is not a JSON object", () => {
        expect(() => readStandaloneConfig("{ tenantId: x }")).toThrow(/^config\.json is not JSON: /);
        expect(() => readStandaloneConfig("[]")).toThrow("config.json must be a JSON object of settings");
    });
});

describe("the page's getAccessToken", () => {
    const account = {
        homeAccountId: "h",
        environment: "login.microsoftonline.com",
        tenantId: "t",
        username: "ada@contoso.com",
        localAccountId: "l",
    } as AccountInfo;
    const scope = VALID.scope;
    const endpoint = VALID.endpoint;

    function fakeClient(silent: () => Promise<{ accessToken: string }>) {
        const redirects: unknown[] = [];
        const client = {
            acquireTokenSilent: jest.fn(silent),
            acquireTokenRedirect: jest.fn(async (request: unknown) => {
                redirects.push(request);
            }),
        } as unknown as TokenClient & { acquireTokenSilent: jest.Mock };
        return { client, redirects };
    }

    test("MSAL's token for the Logic App's scope and the signed-in account, asked each time", async () => {
        let n = 0;
        const { client, redirects } = fakeClient(async () => ({ accessToken: `at-${++n}` }));
        const hook = accessTokenHook(client, account, scope, endpoint);
        expect([await hook(endpoint), await hook(endpoint)]).toEqual(["at-1", "at-2"]);
        expect(client.acquireTokenSilent).toHaveBeenCalledWith({ scopes: [scope], account });
        expect(redirects).toEqual([]);
    });

    test("when MSAL needs the visitor (consent, MFA, an ended session) the page goes to sign-in again", async () => {
        const { client, redirects } = fakeClient(() =>
            Promise.reject(new InteractionRequiredAuthError("interaction_required", "AADSTS50076: MFA required")),
        );
        await expect(accessTokenHook(client, account, scope, endpoint)(endpoint)).rejects.toThrow(
            InteractionRequiredAuthError,
        );
        expect(redirects).toEqual([{ scopes: [scope], account }]);
    });

    test("any other failure (no network) is the component's sign-in message, without a redirect", async () => {
        const { client, redirects } = fakeClient(() => Promise.reject(new Error("network_error")));
        await expect(accessTokenHook(client, account, scope, endpoint)(endpoint)).rejects.toThrow("network_error");
        expect(redirects).toEqual([]);
    });

    test("no token for any endpoint but the configured Logic App's: a second element or a changed endpoint gets nothing", async () => {
        const { client } = fakeClient(async () => ({ accessToken: "at" }));
        const hook = accessTokenHook(client, account, scope, endpoint);
        await expect(hook("https://evil.example/workflows/x/triggers/manual/paths/invoke")).rejects.toThrow(
            /this page calls only/,
        );
        expect(client.acquireTokenSilent).not.toHaveBeenCalled();
    });
});
