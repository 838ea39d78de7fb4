import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDeployOptions } from "../../tools/logicApp/deploy/options";
import { main } from "../../tools/logicApp/deploy/main";
import { withoutSas } from "../../tools/logicApp/deploy/deployFlow";
import { generateLogicAppTemplate } from "../../tools/logicApp/template/generate";
import { createFakeAz, emptyTenant, FakeAz, FakeState, FAKE_SUBSCRIPTION_ID, FAKE_TENANT_ID } from "../azureAd/fakeAz";

/** `npm run deploy:logic-app` against the recording stand-in `az` (tests/azureAd/fakeAz.ts), with the generated template. */

const SECRET = "fake-connector-secret-Zq8~not-a-real-one";
const CLIENT_ID = "00000000-0000-4000-8000-0000000c1e47";
const APP_OBJECT_ID = "00000000-0000-4000-8000-0000000c1e48";
const GROUP = "rg-databricks-portal";
const HOST = "adb-1234567890123456.7.azuredatabricks.net";
const AUDIENCE = "api://databricks-portal.example";
const REDIRECT = "https://logic-apis-westeurope.consent.azure-apim.net/redirect";
const EXISTING_REDIRECT = "https://global.consent.azure-apim.net/redirect/cr0a1-5fdatabricks-20jobs-5f0123456789abcdef";
const J = ["--output", "json"];
const RG_PATH = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/${GROUP}/providers`;
const CONNECTION_ID = `${RG_PATH}/Microsoft.Web/connections/databricks-jobs`;
const WORKFLOW_ID = `${RG_PATH}/Microsoft.Logic/workflows/databricks-job-for-portals`;

jest.setTimeout(60_000);

let templateDir: string;
let templateFile: string;

beforeAll(() => {
    templateDir = mkdtempSync(join(tmpdir(), "logic-app-template-"));
    templateFile = join(templateDir, "azuredeploy.json");
    writeFileSync(templateFile, JSON.stringify(generateLogicAppTemplate().template, null, 2));
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

function tenant(overrides: Partial<FakeState> = {}): FakeState {
    return {
        ...emptyTenant(),
        apps: [
            {
                id: APP_OBJECT_ID,
                appId: CLIENT_ID,
                displayName: "Databricks Jobs connector",
                signInAudience: "AzureADMultipleOrgs",
                web: { redirectUris: [EXISTING_REDIRECT] },
                requiredResourceAccess: [],
                passwordCredentials: [],
            },
        ],
        resourceGroups: { [GROUP]: { location: "westeurope" } },
        ...overrides,
    };
}

const ARGS = (): string[] => [
    "--resource-group",
    GROUP,
    "--workspace-host",
    HOST,
    "--client-id",
    CLIENT_ID,
    "--portal-audience",
    AUDIENCE,
    "--allowed-job-ids",
    "684213907551001,684213907551002",
    "--template",
    templateFile,
];

interface Ran {
    code: number;
    stdout: string;
    stderr: string;
}

async function deploy(fake: FakeAz | undefined, argv: string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
    let stdout = "";
    let stderr = "";
    const code = await main({
        argv,
        env: env ?? { ...fake?.env, DATABRICKS_CONNECTOR_CLIENT_SECRET: SECRET },
        platform: process.platform,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
    });
    return { code, stdout, stderr };
}

const deploymentNameIn = (calls: string[][]) => {
    const show = calls.find((call) => call.slice(0, 3).join(" ") === "deployment group show");
    return show?.[show.indexOf("--name") + 1] ?? "";
};

describe("npm run deploy:logic-app against a stand-in az", () => {
    let fake: FakeAz;
    afterEach(() => fake?.cleanup());

    it("deploys on a first run with exactly these az commands, adds the redirect URL and prints consent and trigger URL", async () => {
        fake = createFakeAz(tenant());
        const ran = await deploy(fake, ARGS());
        expect(ran.stderr).not.toMatch(/failed/);
        expect(ran.code).toBe(0);
        const calls = fake.calls();
        const name = deploymentNameIn(calls);
        expect(name).toMatch(/^databricks-jobs-logic-app-[0-9a-f]{16}$/);
        const parametersArg = calls[3][calls[3].indexOf("--parameters") + 1];
        expect(calls).toEqual([
            ["account", "show", ...J],
            ["group", "show", "--name", GROUP, ...J],
            ["deployment", "group", "show", "--resource-group", GROUP, "--name", name, "--query", "properties", ...J],
            [
                "deployment",
                "group",
                "create",
                "--resource-group",
                GROUP,
                "--name",
                name,
                "--template-file",
                templateFile,
                "--parameters",
                parametersArg,
                "--query",
                "properties.outputs",
                ...J,
            ],
            ["ad", "app", "list", "--filter", `appId eq '${CLIENT_ID}'`, ...J],
            ["ad", "app", "update", "--id", CLIENT_ID, "--web-redirect-uris", EXISTING_REDIRECT, REDIRECT, ...J],
            ["resource", "show", "--ids", CONNECTION_ID, ...J],
            [
                "rest",
                "--method",
                "post",
                "--url",
                `${WORKFLOW_ID}/triggers/manual/listCallbackUrl?api-version=2019-05-01`,
                ...J,
            ],
        ]);

        const state = fake.state();
        const deployment = state.deployments?.[name];
        expect(deployment?.parametersFileMode).toBe("600");
        expect(deployment?.parameters.clientSecret).toEqual({ value: SECRET });
        expect(deployment?.parameters.workspaceHost).toEqual({ value: HOST });
        expect(deployment?.parameters.allowedJobIds).toEqual({ value: ["684213907551001", "684213907551002"] });
        expect(deployment?.parameters.portalAudience).toEqual({ value: AUDIENCE });
        expect(existsSync(parametersArg.slice(1))).toBe(false);
        expect(state.apps[0].web.redirectUris).toEqual([EXISTING_REDIRECT, REDIRECT]);

        expect(ran.stdout).toContain(`Logic App deployed to resource group ${GROUP}`);
        expect(ran.stdout).toMatch(
            /OAuth redirect URL\s+https:\/\/logic-apis-westeurope\.consent\.azure-apim\.net\/redirect\s+\(added to/,
        );
        expect(ran.stdout).toContain("NOT authorized yet (status: Error)");
        expect(ran.stdout).toContain(`https://portal.azure.com/#@${FAKE_TENANT_ID}/resource${CONNECTION_ID}`);
        expect(ran.stdout).toContain(
            "POST https://prod-00.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-10-01\n",
        );
        expect(ran.stdout).toContain(`aud ${AUDIENCE} and iss https://sts.windows.net/${FAKE_TENANT_ID}/`);
        expect(ran.stdout).not.toMatch(/sig=|sp=|sv=/);
    });

    it("only reads on a second run with the same template and options, and says the consented connection is authorized", async () => {
        fake = createFakeAz(tenant());
        expect((await deploy(fake, ARGS())).code).toBe(0);
        const state = fake.state();
        state.resources![CONNECTION_ID].properties.statuses = [{ status: "Connected" }];
        fake.setState(state);
        const before = fake.calls().length;

        const ran = await deploy(fake, ARGS());
        expect(ran.code).toBe(0);
        const second = fake.calls().slice(before);
        expect(second.map((call) => call.slice(0, 3).join(" "))).toEqual([
            "account show --output",
            "group show --name",
            "deployment group show",
            "ad app list",
            "resource show --ids",
            "rest --method post",
        ]);
        expect(ran.stdout).toContain("Logic App unchanged");
        expect(ran.stdout).toMatch(/already in the Entra app's web redirect URIs/);
        expect(ran.stdout).toContain("The connection is authorized.");
        expect(fake.state().apps[0].web.redirectUris).toEqual([EXISTING_REDIRECT, REDIRECT]);
    });

    it("deploys again when an option changes, and with --redeploy", async () => {
        fake = createFakeAz(tenant());
        await deploy(fake, ARGS());
        const changed = [...ARGS().slice(0, 9), "42", "--template", templateFile];
        expect((await deploy(fake, changed)).stdout).toContain("Logic App deployed");
        expect((await deploy(fake, [...changed, "--redeploy"])).stdout).toContain("Logic App deployed");
        const creates = fake.calls().filter((call) => call.slice(0, 3).join(" ") === "deployment group create");
        expect(creates).toHaveLength(3);
        expect(Object.keys(fake.state().deployments ?? {})).toHaveLength(2);
    });

    it("--dry-run prints every command and the parameters file with the secret redacted, and runs none", async () => {
        fake = createFakeAz(tenant());
        const ran = await deploy(fake, [...ARGS(), "--dry-run"]);
        expect(ran.code).toBe(0);
        expect(fake.calls()).toEqual([]);
        const commands = ran.stdout.split("\n").filter((line) => /^\s+\d+\. \[/.test(line));
        expect(commands.map((line) => line.replace(/^\s+\d+\. \[(\w+)\]\s+az (\S+ \S+( \S+)?).*$/, "$1 $2"))).toEqual([
            "reads account show --output",
            "reads group show --name",
            "reads deployment group show",
            "changes deployment group create",
            "reads ad app list",
            "changes ad app update",
            "reads resource show --ids",
            "reads rest --method post",
        ]);
        expect(ran.stdout).toContain('"value": "<redacted: the value of DATABRICKS_CONNECTOR_CLIENT_SECRET>"');
        expect(ran.stdout).not.toContain(SECRET);
    });

    it("says az is missing, with the Azure AD set-up's message, and exits 1", async () => {
        const ran = await deploy(undefined, ARGS(), { PATH: "", DATABRICKS_CONNECTOR_CLIENT_SECRET: SECRET });
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain("The Azure CLI (az) is not on PATH");
    });

    it("says nobody is signed in, and changes nothing", async () => {
        fake = createFakeAz(tenant({ signedIn: false }));
        const ran = await deploy(fake, ARGS());
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain("The Azure CLI is not signed in");
        expect(ran.stderr).toContain("Please run 'az login' to setup account.");
        expect(fake.calls()).toEqual([["account", "show", ...J]]);
    });

    it("says the resource group is missing and how to create it", async () => {
        fake = createFakeAz(tenant({ resourceGroups: {} }));
        const ran = await deploy(fake, ARGS());
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain(`The resource group ${GROUP} does not exist`);
        expect(ran.stderr).toContain("(ResourceGroupNotFound)");
        expect(ran.stderr).toContain(`az group create --name ${GROUP} --location <region>`);
        expect(fake.calls()).toHaveLength(2);
    });

    it("names the step and repeats az's error when the deployment fails, and deletes the parameters file", async () => {
        const error = "ERROR: (InvalidTemplateDeployment) The template deployment failed: quota exceeded.";
        fake = createFakeAz(tenant({ failures: { "deployment group create": { code: 1, stderr: error } } }));
        const ran = await deploy(fake, ARGS());
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain("Deploying the template failed: an az command exited with 1:");
        expect(ran.stderr).toContain(error);
        const create = fake.calls().find((call) => call.includes("create")) ?? [];
        expect(existsSync(create[create.indexOf("--parameters") + 1].slice(1))).toBe(false);
    });

    it("says when the connector's Entra app does not exist", async () => {
        fake = createFakeAz(tenant({ apps: [] }));
        const ran = await deploy(fake, ARGS());
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain(`No app registration in this tenant has the client ID ${CLIENT_ID}`);
    });

    it("never puts the secret in an az argument or in what it prints, in any run", async () => {
        fake = createFakeAz(tenant());
        const outputs = [
            await deploy(fake, ARGS()),
            await deploy(fake, ARGS()),
            await deploy(fake, [...ARGS(), "--dry-run"]),
        ];
        for (const call of fake.calls()) expect(call.join(" ")).not.toContain(SECRET);
        for (const ran of outputs) expect(ran.stdout + ran.stderr).not.toContain(SECRET);
    });

    it("refuses to run without the secret (exit 2) and with a secret on the command line", async () => {
        fake = createFakeAz(tenant());
        const noSecret = await deploy(fake, ARGS(), { ...fake.env });
        expect(noSecret.code).toBe(2);
        expect(noSecret.stderr).toContain("DATABRICKS_CONNECTOR_CLIENT_SECRET");
        const onCommandLine = await deploy(fake, [...ARGS(), "--client-secret", SECRET]);
        expect(onCommandLine.code).toBe(2);
        expect(onCommandLine.stderr).toContain("Unknown option --client-secret.");
        expect(fake.calls()).toEqual([]);
    });

    it("passes a Key Vault reference instead of a value", async () => {
        fake = createFakeAz(tenant());
        const vault = `/subscriptions/${FAKE_SUBSCRIPTION_ID}/resourceGroups/${GROUP}/providers/Microsoft.KeyVault/vaults/kv-portal`;
        const ran = await deploy(fake, [...ARGS(), "--key-vault", vault, "--key-vault-secret", "connector-secret"], {
            ...fake.env,
        });
        expect(ran.code).toBe(0);
        const deployment = Object.values(fake.state().deployments ?? {})[0];
        expect(deployment.parameters.clientSecret).toEqual({
            reference: { keyVault: { id: vault }, secretName: "connector-secret" },
        });
    });
});

describe("the deploy command's options", () => {
    /** ARGS() with one option's value replaced, or the option added. */
    const withOption = (name: string, value: string) => {
        const args = ARGS();
        const index = args.indexOf(name);
        return index < 0 ? [...args, name, value] : args.map((arg, at) => (at === index + 1 ? value : arg));
    };

    it.each([
        [
            "--workspace-host",
            "https://adb-1.2.azuredatabricks.net",
            /without scheme or path: "adb-1\.2\.azuredatabricks\.net"/,
        ],
        ["--client-id", "connector", /--client-id must be the connector's application \(client\) ID/],
        ["--portal-audience", "portal", /--portal-audience must be the portal app's client ID/],
        ["--allowed-job-ids", "12a", /"12a" is not a Databricks job ID/],
        ["--allowed-job-ids", "9223372036854775808", /is not a Databricks job ID/],
        ["--token-issuer", "https://issuer.example/", /must start with https:\/\/sts\.windows\.net\//],
        ["--name-prefix", "x-", /--name-prefix must be 1 to 20 letters/],
        ["--key-vault-secret", "s", /--key-vault and --key-vault-secret go together/],
    ])("rejects %s %j", (name, value, message) => {
        expect(() => parseDeployOptions(withOption(name, value))).toThrow(message);
    });

    it("names each missing required option", () => {
        expect(() => parseDeployOptions([])).toThrow(/--resource-group is required/);
        expect(() => parseDeployOptions(["--resource-group", GROUP])).toThrow(/--workspace-host is required/);
    });

    it("gives the resources and the deployment the prefix", async () => {
        const fake = createFakeAz(tenant());
        try {
            const ran = await deploy(fake, [...ARGS(), "--name-prefix", "test"]);
            expect(ran.code).toBe(0);
            expect(deploymentNameIn(fake.calls())).toMatch(/^test-logic-app-[0-9a-f]{16}$/);
            expect(ran.stdout).toContain(`${RG_PATH}/Microsoft.Logic/workflows/test-databricks-job-for-portals`);
        } finally {
            fake.cleanup();
        }
    });
});

describe("the OAuth trigger URL", () => {
    it("is the callback URL without sp, sv and sig, other query parameters kept", () => {
        expect(
            withoutSas(
                "https://prod-00.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=xyz",
            ),
        ).toBe(
            "https://prod-00.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01",
        );
    });
});
