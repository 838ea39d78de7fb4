import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GUIDE_FILES, readGuide, root } from "./guides";
import { splitFences } from "./markdown";

const guides = GUIDE_FILES.map((file): [string, string] => [file, readGuide(file)]);
const apiProperties = JSON.parse(readFileSync(join(root, "connector", "apiProperties.json"), "utf8"));
const oAuth = apiProperties.properties.connectionParameters.token.oAuthSettings;

describe("the README's first lines, for admins", () => {
    const opening = readGuide("README.md").split("\n").slice(0, 8).join("\n");

    test("say to download the managed zip and its checksums from the latest release, and how to check them", () => {
        expect(opening).toContain("](../../releases/latest)");
        expect(opening).toMatch(/DatabricksJobTrigger_<version>_managed\.zip/);
        expect(opening).toContain("sha256sum -c SHA256SUMS.txt --ignore-missing");
        expect(opening).toContain("](docs/admin-guide.md)");
    });

    test("say that building from source is only for changing the product", () => {
        expect(opening).toMatch(/Build from source only to change/);
    });
});

describe("one page owns the Entra ID app registration", () => {
    const OWNER = "docs/azure-ad-setup.md";

    test.each(guides.filter(([file]) => file !== OWNER))(
        "%s does not repeat the portal's registration steps",
        (_file, text) => {
            for (const step of ["New registration", "New client secret", "Grant admin consent for"])
                expect(text).not.toContain(step);
        },
    );

    test.each(guides.filter(([file, text]) => file !== OWNER && /app registration/i.test(text)))(
        "%s links to the page that owns it",
        (_file, text) => {
            expect(text).toMatch(/\]\((?:\.\.\/)*(?:docs\/)?azure-ad-setup\.md[#)]/);
        },
    );

    test.each(guides.filter(([, text]) => /single-tenant|this organizational directory only/i.test(text)))(
        "%s says which field a single-tenant app changes: Tenant ID",
        (_file, text) => {
            expect(text).toMatch(/Tenant ID/);
        },
    );
});

describe("who runs what", () => {
    /** Sentences that put the job run itself under the signed-in user's identity, which is wrong: it runs as its Run as identity. */
    const WRONG_CLAIMS = [
        /\b(?:jobs?|runs?)\s+(?:[\w-]+\s+){0,6}?(?:run|runs|execute|executes)\s+as\s+(?:the\s+)?(?:signed-in user|account you sign in with|user)\b/i,
        /\bruns? of (?:a|the) job as the signed-in user\b/i,
        /\bevery operation runs as\b/i,
    ];

    test.each([
        "Jobs run and statements execute as the account you sign in with.",
        "Every operation runs as the signed-in user.",
        "Starts a run of a job as the signed-in user, with the job parameters given.",
        "The job runs as the signed-in user.",
    ])("the check catches %j", (sentence) => {
        expect(WRONG_CLAIMS.some((claim) => claim.test(sentence))).toBe(true);
    });

    test.each(guides)("%s never says a job runs as the signed-in user", (_file, text) => {
        const prose = splitFences(text).prose.replace(/\s+/g, " ");
        for (const claim of WRONG_CLAIMS) expect(prose).not.toMatch(claim);
    });

    test("the connection's sign-in tooltip says the job runs as its Run as identity", () => {
        const tooltip: string = apiProperties.properties.connectionParameters.token.uiDefinition.tooltip;
        expect(tooltip).toMatch(/Run as identity/);
        for (const claim of WRONG_CLAIMS) expect(tooltip).not.toMatch(claim);
    });
});

describe("the admin guide's Security tab list", () => {
    const guide = readGuide("docs/admin-guide.md");
    const section = guide.slice(guide.indexOf("### 4. Check the connector's Security tab"), guide.indexOf("### 5."));
    const row = (field: string) =>
        section.split("\n").find((line) => line.startsWith(`| ${field} |`) || line.startsWith(`| ${field} (`)) ?? "";

    test.each([
        "Authentication type",
        "Identity provider",
        "Client ID",
        "Client secret",
        "Authorization URL",
        "Tenant ID",
        "Resource URL",
        "Enable on-behalf-of login",
        "Scope",
        "Redirect URL",
    ])("has the field %s", (field) => {
        expect(row(field)).not.toBe("");
    });

    test("gives the values the shipped connector has", () => {
        const custom = oAuth.customParameters;
        expect(row("Authorization URL")).toContain(`\`${custom.loginUri.value}\``);
        expect(row("Tenant ID")).toContain(`\`${custom.tenantId.value}\``);
        expect(row("Resource URL")).toContain(`\`${custom.resourceUri.value}\``);
        expect(row("Enable on-behalf-of login")).toContain(`\`${custom.enableOnbehalfOfLogin.value}\``);
        expect(oAuth.scopes).toEqual([]);
        expect(row("Scope")).toMatch(/empty/);
    });
});

describe("the environment variables the guides name", () => {
    const named = new Set<string>();
    for (const [, text] of guides) {
        for (const match of text.matchAll(/@environmentVariables\(\\?"(\w+)\\?"\)/g)) named.add(match[1]);
        for (const match of text.matchAll(/^\| Environment variable \| `(\w+)`/gm)) named.add(match[1]);
    }

    test("are the client ID, the client secret and the portal's allow-list", () => {
        expect([...named].sort()).toEqual([
            "dbxjt_DatabricksClientId",
            "dbxjt_DatabricksClientSecret",
            "dbxjt_PortalAllowedJobIds",
        ]);
    });

    test.each([...named])("%s is defined in the solution", (name) => {
        expect(
            existsSync(
                join(
                    root,
                    "solution",
                    "src",
                    "environmentvariabledefinitions",
                    name,
                    "environmentvariabledefinition.xml",
                ),
            ),
        ).toBe(true);
    });
});

test("the admin guide's request figures for a 3-hour run are the README's benchmark figures", () => {
    const benchmark = /^\s+3 h\s+(\d+) refreshes.*?\s(\d+) refreshes.*?\s(\d+) refreshes/m.exec(readGuide("README.md"));
    expect(benchmark).not.toBeNull();
    const [, schedule, fixed5, fixed30] = benchmark ?? [];
    const grouped = (value: string) => Number(value).toLocaleString("en-US");
    expect(readGuide("docs/admin-guide.md")).toContain(
        `| 3 hours | ${schedule} refreshes | ${grouped(fixed5)} | ${grouped(fixed30)} |`,
    );
});
