import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DryRunClient, PLACEHOLDER } from "../../tools/azureAd/dryRun";
import { parseOptions } from "../../tools/azureAd/options";
import { main } from "../../tools/azureAd/setup";
import { runSetup } from "../../tools/azureAd/setupFlow";
import {
    AZURE_DATABRICKS_SP_ID,
    createFakeAz,
    emptyTenant,
    FakeApp,
    FakeAz,
    FakeState,
    FAKE_TENANT_ID,
} from "./fakeAz";

/** `npm run setup:azure-ad` against a stand-in `az` on PATH (tests/azureAd/fakeAz.ts). */

const NOW = new Date("2026-11-28T10:00:00Z");
const ADB = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
const PERMISSION = "739272be-e143-11e8-9f32-f2801f1b9fd1";
const REDIRECT = "https://global.consent.azure-apim.net/redirect/cr0a1-5fdatabricks-20jobs-5f0123456789abcdef";
const OTHER_REDIRECT = "https://global.consent.azure-apim.net/redirect/cr0b2-5fdatabricks-20jobs-5ffedcba9876543210";
const J = ["--output", "json"];
/** The IDs the stand-in makes up, in order: 1 the app's object ID, 2 its client ID, 3 its service principal, … */
const fakeId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const APP_ID = fakeId(2);

interface Ran {
    code: number;
    stdout: string;
    stderr: string;
    sleeps: number[];
}

async function setup(fake: FakeAz | undefined, argv: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
    let stdout = "";
    let stderr = "";
    const sleeps: number[] = [];
    const code = await main({
        argv,
        env: env ?? fake?.env ?? {},
        platform: process.platform,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        now: () => NOW,
        sleep: async (ms) => {
            sleeps.push(ms);
        },
        retryDelaysMs: [5_000, 5_000, 5_000],
    });
    return { code, stdout, stderr, sleeps };
}

function existingApp(overrides: Partial<FakeApp> = {}): FakeApp {
    return {
        id: "00000000-0000-4000-8000-0000000e0001",
        appId: "00000000-0000-4000-8000-0000000e0002",
        displayName: "Databricks Jobs connector",
        signInAudience: "AzureADMultipleOrgs",
        web: { redirectUris: [] },
        requiredResourceAccess: [{ resourceAppId: ADB, resourceAccess: [{ id: PERMISSION, type: "Scope" }] }],
        passwordCredentials: [
            {
                keyId: "00000000-0000-4000-8000-0000000e0003",
                displayName: "earlier",
                endDateTime: "2027-06-30T00:00:00Z",
                hint: "abc",
            },
        ],
        ...overrides,
    };
}

/** A tenant where these apps exist, each with its service principal and tenant-wide consent for user_impersonation. */
function tenantWith(apps: FakeApp[]): FakeState {
    const state = emptyTenant();
    state.apps = apps;
    apps.forEach((app, index) => {
        const sp = { id: `00000000-0000-4000-8000-0000000f000${index}`, appId: app.appId };
        state.servicePrincipals.push(sp);
        state.grants.push({
            id: `grant-${index}`,
            clientId: sp.id,
            consentType: "AllPrincipals",
            principalId: null,
            resourceId: AZURE_DATABRICKS_SP_ID,
            scope: "user_impersonation",
        });
    });
    return state;
}

const isChange = (call: string[]) => !(call[0] === "account" || call.includes("list") || call.includes("list-grants"));

describe("npm run setup:azure-ad against a stand-in az", () => {
    let fake: FakeAz;
    afterEach(() => fake?.cleanup());

    it("registers everything on a first run, with exactly these az commands, and prints the client ID and the new secret", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(0);
        expect(fake.calls()).toEqual([
            ["account", "show", ...J],
            ["ad", "app", "list", "--filter", "displayName eq 'Databricks Jobs connector'", ...J],
            [
                "ad",
                "app",
                "create",
                "--display-name",
                "Databricks Jobs connector",
                "--sign-in-audience",
                "AzureADMultipleOrgs",
                ...J,
            ],
            [
                "ad",
                "app",
                "permission",
                "add",
                "--id",
                APP_ID,
                "--api",
                ADB,
                "--api-permissions",
                `${PERMISSION}=Scope`,
                ...J,
            ],
            ["ad", "sp", "create", "--id", APP_ID, ...J],
            [
                "ad",
                "app",
                "credential",
                "reset",
                "--id",
                APP_ID,
                "--append",
                "--display-name",
                "Power Platform custom connector",
                "--years",
                "1",
                ...J,
            ],
            ["ad", "sp", "list", "--filter", `appId eq '${ADB}'`, ...J],
            ["ad", "app", "permission", "grant", "--id", APP_ID, "--api", ADB, "--scope", "user_impersonation", ...J],
        ]);

        const state = fake.state();
        expect(state.apps).toHaveLength(1);
        expect(state.apps[0]).toMatchObject({
            appId: APP_ID,
            signInAudience: "AzureADMultipleOrgs",
            requiredResourceAccess: [{ resourceAppId: ADB, resourceAccess: [{ id: PERMISSION, type: "Scope" }] }],
        });
        expect(state.apps[0].passwordCredentials).toHaveLength(1);
        expect(state.apps[0].passwordCredentials[0].endDateTime).toBe("2027-11-28T10:00:00Z");
        expect(state.servicePrincipals.filter((sp) => sp.appId === APP_ID)).toHaveLength(1);
        expect(state.grants).toEqual([
            expect.objectContaining({
                clientId: fakeId(3),
                resourceId: AZURE_DATABRICKS_SP_ID,
                consentType: "AllPrincipals",
                scope: "user_impersonation",
            }),
        ]);

        const secret = "fake-secret-4-not-a-real-one";
        expect(ran.stdout).toContain(`Application (client) ID   ${APP_ID}`);
        expect(ran.stdout).toContain(`Tenant (directory) ID     ${FAKE_TENANT_ID}`);
        expect(ran.stdout.split(secret)).toHaveLength(2); // exactly once
        expect(ran.stdout).toContain("expires 2027-11-28");
        expect(ran.stdout).toContain("Tenant ID: common");
        expect(ran.stdout).toContain("properties.connectionParameters.token.oAuthSettings.clientId");
        expect(ran.stdout).toContain("granted now");
        expect(ran.stdout).toContain(`npm run setup:azure-ad -- --redirect-uri <redirect URL>`);
        expect(ran.stderr).not.toContain(secret);
        // The secret was never written anywhere: not in the stand-in's log of arguments, nor in any file it keeps.
        for (const file of readdirSync(fake.dir)) {
            if (file !== "bin" && file !== "state.json")
                expect(readFileSync(join(fake.dir, file), "utf8")).not.toContain(secret);
        }
    });

    it("changes nothing on a second run: only reads, no second app, permission, service principal, secret or grant", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        expect((await setup(fake, [])).code).toBe(0);
        const before = fake.state();
        const first = fake.calls().length;

        const again = await setup(fake, []);
        expect(again.code).toBe(0);
        const second = fake.calls().slice(first);
        expect(second).toEqual([
            ["account", "show", ...J],
            ["ad", "app", "list", "--filter", "displayName eq 'Databricks Jobs connector'", ...J],
            ["ad", "sp", "list", "--filter", `appId eq '${APP_ID}'`, ...J],
            ["ad", "sp", "list", "--filter", `appId eq '${ADB}'`, ...J],
            ["ad", "app", "permission", "list-grants", "--id", APP_ID, ...J],
        ]);
        expect(second.filter(isChange)).toEqual([]);
        expect(fake.state()).toEqual(before);
        expect(again.stdout).not.toMatch(/fake-secret/);
        expect(again.stdout).toContain("not created: the app has 1 unexpired secret(s)");
        expect(again.stdout).toContain("already granted");
        expect(again.stdout).toContain("AzureDatabricks user_impersonation (delegated): already there");
    });

    it("adds the connector's redirect URL to the web redirect URIs, keeps the existing ones, and adds it only once", async () => {
        fake = createFakeAz(tenantWith([existingApp({ web: { redirectUris: [OTHER_REDIRECT] } })]), NOW);
        const app = fake.state().apps[0];
        const ran = await setup(fake, ["--redirect-uri", REDIRECT]);
        expect(ran.code).toBe(0);
        expect(fake.calls().filter(isChange)).toEqual([
            ["ad", "app", "update", "--id", app.appId, "--web-redirect-uris", OTHER_REDIRECT, REDIRECT, ...J],
        ]);
        expect(fake.state().apps[0].web.redirectUris).toEqual([OTHER_REDIRECT, REDIRECT]);
        expect(ran.stdout).toContain(`${REDIRECT}   (added)`);

        const count = fake.calls().length;
        const again = await setup(fake, ["--redirect-uri", REDIRECT, "--redirect-uri", OTHER_REDIRECT]);
        expect(again.code).toBe(0);
        expect(fake.calls().slice(count).filter(isChange)).toEqual([]);
        expect(fake.state().apps[0].web.redirectUris).toEqual([OTHER_REDIRECT, REDIRECT]);
    });

    it("creates the app with the redirect URL when it is given on the first run", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        expect((await setup(fake, ["--redirect-uri", REDIRECT])).code).toBe(0);
        expect(fake.calls()[2]).toEqual([
            "ad",
            "app",
            "create",
            "--display-name",
            "Databricks Jobs connector",
            "--sign-in-audience",
            "AzureADMultipleOrgs",
            "--web-redirect-uris",
            REDIRECT,
            ...J,
        ]);
        expect(fake.calls().some((call) => call.includes("update"))).toBe(false);
        expect(fake.state().apps[0].web.redirectUris).toEqual([REDIRECT]);
    });

    it("adds the permission to an app that lacks it, next to the permissions it has, and only once", async () => {
        const graph = {
            resourceAppId: "00000003-0000-0000-c000-000000000000",
            resourceAccess: [{ id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", type: "Scope" }],
        };
        fake = createFakeAz(tenantWith([existingApp({ requiredResourceAccess: [graph] })]), NOW);
        const app = fake.state().apps[0];
        expect((await setup(fake, [])).code).toBe(0);
        expect(fake.calls().filter(isChange)[0]).toEqual([
            "ad",
            "app",
            "permission",
            "add",
            "--id",
            app.appId,
            "--api",
            ADB,
            "--api-permissions",
            `${PERMISSION}=Scope`,
            ...J,
        ]);
        await setup(fake, []);
        expect(fake.state().apps[0].requiredResourceAccess).toEqual([
            graph,
            { resourceAppId: ADB, resourceAccess: [{ id: PERMISSION, type: "Scope" }] },
        ]);
        expect(fake.calls().filter((call) => call.includes("add"))).toHaveLength(1);
    });

    it("adds a second secret only with --new-secret, with --append so the existing one keeps working", async () => {
        fake = createFakeAz(tenantWith([existingApp()]), NOW);
        const app = fake.state().apps[0];
        const ran = await setup(fake, ["--new-secret", "--secret-end-date", "2027-03-31"]);
        expect(ran.code).toBe(0);
        expect(fake.calls().filter(isChange)[0]).toEqual([
            "ad",
            "app",
            "credential",
            "reset",
            "--id",
            app.appId,
            "--append",
            "--display-name",
            "Power Platform custom connector",
            "--end-date",
            "2027-03-31",
            ...J,
        ]);
        expect(fake.state().apps[0].passwordCredentials.map((secret) => secret.endDateTime)).toEqual([
            "2027-03-31T00:00:00Z",
            "2027-06-30T00:00:00Z",
        ]);
        expect(ran.stdout).toMatch(/Client secret\s+fake-secret-\d+-not-a-real-one/);
        expect(ran.stdout).toContain("expires 2027-03-31");
    });

    it("creates a secret for an existing app whose secrets have all expired", async () => {
        fake = createFakeAz(
            tenantWith([
                existingApp({
                    passwordCredentials: [
                        { keyId: "k", displayName: "old", endDateTime: "2026-01-01T00:00:00Z", hint: "abc" },
                    ],
                }),
            ]),
            NOW,
        );
        const ran = await setup(fake, ["--secret-years", "2"]);
        expect(ran.code).toBe(0);
        expect(fake.calls().filter(isChange)[0]).toEqual(
            expect.arrayContaining(["credential", "reset", "--append", "--years", "2"]),
        );
        expect(ran.stdout).toContain("every other secret of the app had expired");
    });

    it("--dry-run prints every command and runs none, not even az account show", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const ran = await setup(fake, ["--dry-run", "--redirect-uri", REDIRECT]);
        expect(ran.code).toBe(0);
        expect(fake.calls()).toEqual([]);
        expect(fake.state()).toEqual(emptyTenant());
        expect(ran.stdout).toContain("None was run");
        expect(ran.stdout).toContain(`[reads]   az account show --output json`);
        expect(ran.stdout).toContain(
            `[changes] az ad app create --display-name "Databricks Jobs connector" --sign-in-audience AzureADMultipleOrgs --web-redirect-uris ${REDIRECT} --output json`,
        );
        expect(ran.stdout).toContain(
            `[changes] az ad app credential reset --id <app-id> --append --display-name "Power Platform custom connector" --years 1 --output json`,
        );
        expect(ran.stdout).toContain(
            `[changes] az ad app permission grant --id <app-id> --api ${ADB} --scope user_impersonation --output json`,
        );
        expect(ran.stdout).not.toContain("not on PATH");
    });

    it("--dry-run lists exactly the commands a first run runs", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const argv = ["--redirect-uri", REDIRECT, "--audience", "single"];
        await setup(fake, argv);
        const dry = new DryRunClient();
        await runSetup(parseOptions(argv, NOW), dry, {
            now: NOW,
            sleep: async () => undefined,
            progress: () => undefined,
            retryDelaysMs: [],
        });
        const names: Record<string, string> = { [PLACEHOLDER.appId]: APP_ID };
        expect(dry.commands.map((command) => command.args.map((arg) => names[arg] ?? arg))).toEqual(fake.calls());
        expect(dry.commands.map((command) => command.changes)).toEqual(fake.calls().map(isChange));
    });

    it("--dry-run works without az, and says that az is missing", async () => {
        const empty = mkdtempSync(join(tmpdir(), "no-az-"));
        try {
            const ran = await setup(undefined, ["--dry-run"], { PATH: empty });
            expect(ran.code).toBe(0);
            expect(ran.stdout).toContain("az is not on PATH");
        } finally {
            rmSync(empty, { recursive: true, force: true });
        }
    });

    it("refuses with exit code 1 when az is not on PATH", async () => {
        const empty = mkdtempSync(join(tmpdir(), "no-az-"));
        try {
            const ran = await setup(undefined, [], { PATH: empty });
            expect(ran.code).toBe(1);
            expect(ran.stderr).toContain("The Azure CLI (az) is not on PATH");
            expect(ran.stdout).toBe("");
        } finally {
            rmSync(empty, { recursive: true, force: true });
        }
    });

    it("refuses with exit code 1 when nobody is signed in, after az account show and nothing else", async () => {
        fake = createFakeAz({ ...emptyTenant(), signedIn: false }, NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(1);
        expect(fake.calls()).toEqual([["account", "show", ...J]]);
        expect(ran.stderr).toContain(`"az account show" failed (exit code 1)`);
        expect(ran.stderr).toContain("ERROR: Please run 'az login' to setup account.");
        expect(ran.stderr).toContain("Sign in with az login");
    });

    it("finishes with exit code 0 when the caller may not grant admin consent, and says who can and how", async () => {
        fake = createFakeAz({ ...emptyTenant(), consentAllowed: false }, NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(0);
        expect(fake.state().grants).toEqual([]);
        expect(fake.state().apps[0].passwordCredentials).toHaveLength(1);
        expect(ran.stdout).toMatch(/Client secret\s+fake-secret-4-not-a-real-one/);
        expect(ran.stdout).toContain("NOT granted: your account may not grant it");
        expect(ran.stdout).toContain("ERROR: Insufficient privileges to complete the operation.");
        expect(ran.stdout).toContain(
            `https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${APP_ID}`,
        );
        expect(ran.stdout).toContain(
            `az ad app permission grant --id ${APP_ID} --api ${ADB} --scope user_impersonation\n`,
        );
        expect(ran.stdout).toContain("Cloud Application Administrator");

        // Once an administrator granted it, the next run sees the grant and changes nothing.
        const state = fake.state();
        fake.setState({ ...state, consentAllowed: true });
        await setup(fake, []);
        expect(fake.state().grants).toHaveLength(1);
        const count = fake.calls().length;
        const again = await setup(fake, []);
        expect(fake.calls().slice(count).filter(isChange)).toEqual([]);
        expect(again.stdout).toContain("already granted");
    });

    it("explains that consent has to wait when AzureDatabricks has no service principal in the tenant", async () => {
        fake = createFakeAz({ ...emptyTenant(), servicePrincipals: [] }, NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(0);
        expect(fake.calls().some((call) => call.includes("grant"))).toBe(false);
        expect(ran.stdout).toContain("AzureDatabricks has no service principal in this tenant");
        expect(ran.stdout).toContain(`az ad sp create --id ${ADB}`);
    });

    it("--skip-consent does not look at consent", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const ran = await setup(fake, ["--skip-consent"]);
        expect(ran.code).toBe(0);
        expect(fake.calls().some((call) => call.includes("grant") || call.includes(`appId eq '${ADB}'`))).toBe(false);
        expect(ran.stdout).toContain("not checked (--skip-consent)");
    });

    it("reports a failed az call with the command and its stderr, and exit code 1", async () => {
        fake = createFakeAz(
            {
                ...emptyTenant(),
                failures: { "ad app permission add": { code: 1, stderr: "ERROR: Something went wrong in Graph." } },
            },
            NOW,
        );
        const ran = await setup(fake, []);
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain("An az command failed (exit code 1):");
        expect(ran.stderr).toContain(
            `  az ad app permission add --id ${APP_ID} --api ${ADB} --api-permissions ${PERMISSION}=Scope --output json\nERROR: Something went wrong in Graph.`,
        );
        expect(fake.calls().some((call) => call.includes("credential"))).toBe(false);

        // Running again after the cause is gone continues where it stopped.
        fake.setState({ ...fake.state(), failures: {} });
        expect((await setup(fake, [])).code).toBe(0);
        expect(fake.state().apps).toHaveLength(1);
        expect(fake.state().apps[0].requiredResourceAccess).toHaveLength(1);
    });

    it("waits and tries again while a new app has not replicated for az ad sp create", async () => {
        const stderr = `ERROR: The appId '${APP_ID}' of the service principal does not reference a valid application object.`;
        fake = createFakeAz({ ...emptyTenant(), failures: { "ad sp create": { code: 1, stderr, times: 2 } } }, NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(0);
        expect(fake.calls().filter((call) => call.join(" ").startsWith("ad sp create"))).toHaveLength(3);
        expect(ran.sleeps).toEqual([5_000, 5_000]);
        expect(ran.stderr).toContain("trying again in 5 s");
    });

    it("refuses with exit code 1 when two app registrations have the display name, and --app-id picks one", async () => {
        const first = existingApp();
        const second = existingApp({
            id: "00000000-0000-4000-8000-0000000e0011",
            appId: "00000000-0000-4000-8000-0000000e0012",
        });
        fake = createFakeAz(tenantWith([first, second]), NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain(`client ID ${first.appId}`);
        expect(ran.stderr).toContain(`client ID ${second.appId}`);
        expect(fake.calls().filter(isChange)).toEqual([]);

        const picked = await setup(fake, ["--app-id", second.appId, "--redirect-uri", REDIRECT]);
        expect(picked.code).toBe(0);
        expect(fake.calls()).toContainEqual(["ad", "app", "list", "--filter", `appId eq '${second.appId}'`, ...J]);
        expect(fake.state().apps[1].web.redirectUris).toEqual([REDIRECT]);
        expect(fake.state().apps[0].web.redirectUris).toEqual([]);
        expect(picked.stdout).toContain(
            `npm run setup:azure-ad -- --app-id ${second.appId} --redirect-uri <redirect URL>`,
        );
    });

    it("single-tenant: creates the app for this tenant only and says to put the tenant ID in place of common", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const ran = await setup(fake, ["--audience", "single", "--display-name", "Databricks Jobs (test)"]);
        expect(ran.code).toBe(0);
        expect(fake.calls()[2]).toEqual([
            "ad",
            "app",
            "create",
            "--display-name",
            "Databricks Jobs (test)",
            "--sign-in-audience",
            "AzureADMyOrg",
            ...J,
        ]);
        expect(ran.stdout).toContain(`Tenant ID: ${FAKE_TENANT_ID}`);
        expect(ran.stdout).toContain("AADSTS50194");
        expect(ran.stdout).toContain(
            `npm run setup:azure-ad -- --display-name "Databricks Jobs (test)" --redirect-uri <redirect URL>`,
        );
    });

    it("leaves the audience of an existing app as it is, and says how to change it", async () => {
        fake = createFakeAz(tenantWith([existingApp({ signInAudience: "AzureADMyOrg" })]), NOW);
        const ran = await setup(fake, []);
        expect(ran.code).toBe(0);
        expect(fake.calls().filter(isChange)).toEqual([]);
        expect(ran.stdout).toContain("this tenant only (AzureADMyOrg)");
        expect(ran.stdout).toContain("--sign-in-audience AzureADMultipleOrgs");
        expect(ran.stdout).toContain(`Tenant ID: ${FAKE_TENANT_ID}`);
    });

    it("passes a display name with quotes and shell characters through as one argument, never through a shell", async () => {
        fake = createFakeAz(emptyTenant(), NOW);
        const name = `Bob's jobs; $(touch pwned) \`id\` "x" & echo`;
        const ran = await setup(fake, ["--display-name", name]);
        expect(ran.code).toBe(0);
        expect(fake.calls()[1]).toEqual([
            "ad",
            "app",
            "list",
            "--filter",
            `displayName eq 'Bob''s jobs; $(touch pwned) \`id\` "x" & echo'`,
            ...J,
        ]);
        expect(fake.calls()[2]).toContain(name);
        expect(fake.state().apps[0].displayName).toBe(name);
        expect(readdirSync(process.cwd())).not.toContain("pwned");
        // And it is found again by that name.
        const count = fake.calls().length;
        await setup(fake, ["--display-name", name]);
        expect(fake.calls().slice(count).filter(isChange)).toEqual([]);
    });

    it.each([
        [["--bogus"], "Unknown option --bogus"],
        [["extra"], 'Unexpected argument "extra"'],
        [["--audience", "everyone"], '--audience must be "multi" or "single"'],
        [["--secret-years", "3"], "--secret-years must be a whole number from 1 to 2"],
        [["--secret-years", "0"], "--secret-years must be a whole number from 1 to 2"],
        [["--secret-end-date", "2026-11-01"], "is not in the future"],
        [["--secret-end-date", "2029-01-01"], "more than 2 years ahead"],
        [["--secret-end-date", "2027-02-30"], "is not a date of the form YYYY-MM-DD"],
        [["--secret-years", "1", "--secret-end-date", "2027-01-01"], "either --secret-years or --secret-end-date"],
        [["--redirect-uri", "https://example.com/redirect/x"], "does not look like a connector's redirect URL"],
        [["--redirect-uri", "https://global.consent.azure-apim.net/redirect"], "shared redirect URL"],
        [["--redirect-uri", `${REDIRECT}/`], "does not look like a connector's redirect URL"],
        [["--redirect-uri"], "--redirect-uri needs a value"],
        [["--app-id", "my-app"], "--app-id must be an application (client) ID"],
        [["--app-id", APP_ID, "--display-name", "x"], "either --app-id or --display-name"],
        [["--display-name", " "], "--display-name must not be empty"],
        [["--display-name", "a", "--display-name", "b"], "--display-name is given more than once"],
        [["--dry-run=yes"], "--dry-run takes no value"],
    ])("refuses %j with exit code 2 and runs no az command", async (argv, message) => {
        fake = createFakeAz(emptyTenant(), NOW);
        const ran = await setup(fake, argv);
        expect(ran.code).toBe(2);
        expect(ran.stderr).toContain(message);
        expect(ran.stderr).toContain("--help");
        expect(fake.calls()).toEqual([]);
    });

    it("--help explains the options, the tenancy choice and the exit codes", async () => {
        const ran = await setup(undefined, ["--help"], { PATH: "" });
        expect(ran.code).toBe(0);
        for (const text of [
            "--display-name",
            "--audience multi|single",
            "AADSTS50194",
            "common",
            "--redirect-uri",
            "--secret-years",
            "--new-secret",
            "--dry-run",
            "Exit codes",
        ]) {
            expect(ran.stdout).toContain(text);
        }
    });
});
