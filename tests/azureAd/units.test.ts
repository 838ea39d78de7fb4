import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
    appListByDisplayName,
    audienceOf,
    credentialReset,
    odataString,
    signInAudience,
} from "../../tools/azureAd/azCommands";
import { findAz, FileProbe } from "../../tools/azureAd/azProcess";
import { AZURE_DATABRICKS_APP_ID, USER_IMPERSONATION } from "../../tools/azureAd/constants";
import {
    Application,
    decideSecret,
    hasTenantWideConsent,
    hasUserImpersonation,
    isPermissionDenied,
    missingRedirectUris,
} from "../../tools/azureAd/decisions";
import { parseOptions, redirectUriProblem } from "../../tools/azureAd/options";
import { formatCommand, quoteForDisplay } from "../../tools/azureAd/report";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/** The pure parts of the Azure AD set-up: options, decisions, finding az, and how commands are shown. */

const NOW = new Date("2026-11-28T10:00:00Z");

function app(overrides: Partial<Application> = {}): Application {
    return { id: "00000000-0000-4000-8000-000000000001", appId: "00000000-0000-4000-8000-000000000002", ...overrides };
}

describe("the connector and the set-up agree", () => {
    it("uses the resource the connector signs in to, and the tenant the help explains", () => {
        const properties = JSON.parse(readFileSync(join(REPO_ROOT, "connector", "apiProperties.json"), "utf8"));
        const oauth = properties.properties.connectionParameters.token.oAuthSettings;
        expect(oauth.properties.AzureActiveDirectoryResourceId).toBe(AZURE_DATABRICKS_APP_ID);
        expect(oauth.customParameters.resourceUri.value).toBe(AZURE_DATABRICKS_APP_ID);
        expect(oauth.customParameters.tenantId.value).toBe("common");
        expect(oauth.redirectMode).toBe("GlobalPerConnector");
    });
});

describe("options", () => {
    it("defaults to a multi-tenant app named for the connector, a one-year secret and consent", () => {
        expect(parseOptions([], NOW)).toEqual({
            displayName: "Databricks Jobs connector",
            appId: undefined,
            audience: "multi",
            redirectUris: [],
            secretExpiry: { years: 1 },
            newSecret: false,
            skipConsent: false,
            dryRun: false,
            help: false,
        });
    });

    it("takes --name=value, a leading --, repeated redirect URIs once each, and a lower-cased --app-id", () => {
        const uri = "https://global.consent.azure-apim.net/redirect/cr0a1-5fdatabricks-20jobs-5f01";
        const options = parseOptions(
            [
                "--",
                "--app-id=ABCDEF01-0000-4000-8000-000000000002",
                `--redirect-uri=${uri}`,
                "--redirect-uri",
                uri,
                "--secret-years=2",
                "-h",
            ],
            NOW,
        );
        expect(options).toMatchObject({
            appId: "abcdef01-0000-4000-8000-000000000002",
            redirectUris: [uri],
            secretExpiry: { years: 2 },
            help: true,
        });
    });

    it("accepts a secret end date up to two years ahead", () => {
        expect(parseOptions(["--secret-end-date", "2028-11-28"], NOW).secretExpiry).toEqual({ endDate: "2028-11-28" });
    });

    it("recognises the connector's redirect URLs and explains the shared one", () => {
        expect(
            redirectUriProblem("https://global.consent.azure-apim.net/redirect/new-5fbrightspace-5ff5dc2f63c87a6469"),
        ).toBeUndefined();
        expect(redirectUriProblem("https://global.consent.azure-apim.net/redirect/")).toContain("shared redirect URL");
        expect(redirectUriProblem("http://global.consent.azure-apim.net/redirect/abc")).toContain("does not look like");
        expect(redirectUriProblem("https://global.consent.azure-apim.net/redirect/abc?x=1")).toContain(
            "does not look like",
        );
    });
});

describe("decisions", () => {
    const permission = {
        resourceAppId: AZURE_DATABRICKS_APP_ID,
        resourceAccess: [{ id: "739272be-e143-11e8-9f32-f2801f1b9fd1", type: "Scope" }],
    };

    it("sees the delegated permission, whatever the case of the IDs, but not an app role with that ID", () => {
        expect(hasUserImpersonation(app({ requiredResourceAccess: [permission] }))).toBe(true);
        expect(
            hasUserImpersonation(
                app({
                    requiredResourceAccess: [{ ...permission, resourceAppId: AZURE_DATABRICKS_APP_ID.toUpperCase() }],
                }),
            ),
        ).toBe(true);
        expect(
            hasUserImpersonation(
                app({
                    requiredResourceAccess: [
                        { ...permission, resourceAccess: [{ id: permission.resourceAccess[0].id, type: "Role" }] },
                    ],
                }),
            ),
        ).toBe(false);
        expect(hasUserImpersonation(app({ requiredResourceAccess: null }))).toBe(false);
    });

    it("adds only the redirect URIs the app does not have, each once", () => {
        const a = "https://global.consent.azure-apim.net/redirect/a";
        const b = "https://global.consent.azure-apim.net/redirect/b";
        expect(missingRedirectUris(app({ web: { redirectUris: [a] } }), [a, b, b])).toEqual([b]);
        expect(missingRedirectUris(app({ web: null }), [a])).toEqual([a]);
    });

    it("creates a secret when asked, when there is none, or when all have expired", () => {
        const live = { keyId: "1", endDateTime: "2027-01-01T00:00:00Z" };
        const dead = { keyId: "2", endDateTime: "2026-01-01T00:00:00Z" };
        expect(decideSecret(app({ passwordCredentials: [live, dead] }), NOW, false)).toEqual({
            create: false,
            existing: [live],
        });
        expect(decideSecret(app({ passwordCredentials: [live] }), NOW, true)).toEqual({
            create: true,
            reason: "asked",
        });
        expect(decideSecret(app({ passwordCredentials: [] }), NOW, false)).toEqual({ create: true, reason: "none" });
        expect(decideSecret(app({ passwordCredentials: [dead] }), NOW, false)).toEqual({
            create: true,
            reason: "all-expired",
        });
    });

    it("counts only tenant-wide consent that includes user_impersonation for this client and resource", () => {
        const grant = {
            clientId: "c",
            resourceId: "r",
            consentType: "AllPrincipals",
            scope: `openid ${USER_IMPERSONATION}`,
        };
        expect(hasTenantWideConsent([grant], "c", "r")).toBe(true);
        expect(hasTenantWideConsent([{ ...grant, consentType: "Principal" }], "c", "r")).toBe(false);
        expect(hasTenantWideConsent([{ ...grant, scope: "openid" }], "c", "r")).toBe(false);
        expect(hasTenantWideConsent([{ ...grant, resourceId: "other" }], "c", "r")).toBe(false);
    });

    it("recognises Graph's refusals", () => {
        expect(isPermissionDenied("ERROR: Insufficient privileges to complete the operation.")).toBe(true);
        expect(isPermissionDenied("ERROR: Bad request")).toBe(false);
    });
});

describe("az commands", () => {
    it("quotes display names for OData and maps the audiences both ways", () => {
        expect(odataString("Bob's")).toBe("'Bob''s'");
        expect(appListByDisplayName("Bob's")).toEqual([
            "ad",
            "app",
            "list",
            "--filter",
            "displayName eq 'Bob''s'",
            "--output",
            "json",
        ]);
        expect(signInAudience("multi")).toBe("AzureADMultipleOrgs");
        expect(signInAudience("single")).toBe("AzureADMyOrg");
        expect(audienceOf("AzureADandPersonalMicrosoftAccount")).toBeUndefined();
    });

    it("always appends new secrets", () => {
        expect(credentialReset("x", { years: 1 })).toContain("--append");
        expect(credentialReset("x", { endDate: "2027-01-01" })).toContain("--append");
    });

    it("shows commands so that they can be pasted into a POSIX shell", () => {
        expect(quoteForDisplay("plain-1.0=x")).toBe("plain-1.0=x");
        expect(quoteForDisplay("<app-id>")).toBe("<app-id>");
        expect(quoteForDisplay("two words")).toBe('"two words"');
        expect(quoteForDisplay(`it's $HOME`)).toBe(`'it'\\''s $HOME'`);
        expect(formatCommand(["account", "show"])).toBe("az account show");
    });
});

describe("finding az", () => {
    const probe = (files: string[], executable = files): FileProbe => ({
        isFile: (file) => files.includes(file),
        isExecutableFile: (file) => executable.includes(file),
    });

    it("finds an executable az on PATH on Linux and macOS", () => {
        expect(findAz({ PATH: "/nothing:/opt/az/bin" }, "linux", probe(["/opt/az/bin/az"]))).toEqual({
            found: true,
            path: "/opt/az/bin/az",
            launcher: { command: "/opt/az/bin/az", prefix: [], env: {} },
        });
        expect(findAz({ PATH: "/opt/az/bin" }, "linux", probe(["/opt/az/bin/az"], []))).toEqual({
            found: false,
            reason: "missing",
        });
        expect(findAz({}, "darwin", probe([]))).toEqual({ found: false, reason: "missing" });
    });

    it("on Windows starts the installer's python.exe next to az.cmd instead of the batch file", () => {
        const wbin = "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\wbin";
        const python = "C:\\Program Files\\Microsoft SDKs\\Azure\\CLI2\\python.exe";
        expect(findAz({ Path: `C:\\Windows;${wbin}` }, "win32", probe([`${wbin}\\az.cmd`, python]))).toEqual({
            found: true,
            path: `${wbin}\\az.cmd`,
            launcher: { command: python, prefix: ["-IBm", "azure.cli"], env: { AZ_INSTALLER: "MSI" } },
        });
        expect(findAz({ Path: wbin }, "win32", probe([`${wbin}\\az.cmd`]))).toEqual({
            found: false,
            reason: "shell-only",
            path: `${wbin}\\az.cmd`,
        });
    });
});

describe("the set-up's own code", () => {
    const sources = readdirSync(join(REPO_ROOT, "tools", "azureAd"))
        .filter((file) => file.endsWith(".ts"))
        .map((file) => ({ file, text: readFileSync(join(REPO_ROOT, "tools", "azureAd", file), "utf8") }));

    it("never writes files (so a secret cannot end up on disk)", () => {
        for (const { file, text } of sources)
            expect({ file, writes: /writeFile|appendFile|createWriteStream|fs\.write/.test(text) }).toEqual({
                file,
                writes: false,
            });
    });

    it("starts processes only with spawn and shell: false", () => {
        const spawning = sources.filter(({ text }) => /child_process/.test(text));
        expect(spawning.map(({ file }) => file)).toEqual(["azProcess.ts"]);
        expect(spawning[0].text).toContain("shell: false");
        expect(spawning[0].text).not.toMatch(/\bexec(Sync)?\(|shell: true/);
    });
});
