import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConnector } from "../../tools/connector/model/connectorFiles";
import { operationsOf, SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { CommandContext, commandProblems, GUIDE_FILES, readGuide, root } from "./guides";

const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
const definition = loadConnector(join(root, "connector")).apiDefinition as SwaggerDocument;
const context: CommandContext = {
    scripts: packageJson.scripts,
    operationIds: new Set(operationsOf(definition).map(({ operation }) => operation.operationId ?? "")),
};

describe.each(GUIDE_FILES)("the commands in %s", (file) => {
    test("every npm script exists, its arguments are accepted, and every pac and paconn command exists", () => {
        expect(commandProblems(file, readGuide(file), context)).toEqual([]);
    });
});

describe("the command check", () => {
    const check = (text: string) => commandProblems("docs/example.md", text, context);

    test("accepts the project's commands, placeholders and all", () => {
        const text = [
            "```sh",
            "npm ci && npm run build     # installs and builds",
            'npm run setup:azure-ad -- --display-name "Databricks Jobs (test)" --audience single --secret-years 2',
            "npm run connector:run -- GetRun --host <host> --param run_id=<id>",
            "pac connector create --api-definition-file connector/apiDefinition.swagger.json \\",
            "  --api-properties-file connector/apiProperties.json",
            "```",
            "Then run `npm run setup:azure-ad -- --redirect-uri <the Security tab's Redirect URL>` and `npm version <x.y.z>`.",
        ].join("\n");
        expect(check(text)).toEqual([]);
    });

    test("reports a script package.json lacks, and an npm command the project does not use", () => {
        expect(check("```\nnpm run build:all\nnpm audit fix\n```\n")).toEqual([
            'docs/example.md:2 `npm run build:all`: package.json has no script "build:all"',
            "docs/example.md:3 `npm audit fix`: npm audit is not a command the project uses (ci, install, test, start, version, run)",
        ]);
    });

    test("reports options the Azure AD set-up rejects, with its own message", () => {
        expect(check("`npm run setup:azure-ad -- --audience everyone`")).toEqual([
            'docs/example.md:1 `npm run setup:azure-ad -- --audience everyone`: npm run setup:azure-ad rejects these arguments: --audience must be "multi" or "single", not "everyone".',
        ]);
        expect(
            check("`npm run setup:azure-ad -- --redirect-uri https://global.consent.azure-apim.net/redirect`")[0],
        ).toMatch(/shared redirect URL/);
    });

    test("reports an operation the connector does not have", () => {
        expect(check("`npm run connector:run -- StartJob --host <host>`")).toEqual([
            "docs/example.md:1 `npm run connector:run -- StartJob --host <host>`: the connector has no operation StartJob",
        ]);
    });

    test("reports a pac option that does not exist, and a tool file that is missing", () => {
        expect(
            check("```\npac connector create --client-secret x\nnpx tsx tools/build/solution/missing.ts\n```\n"),
        ).toEqual([
            "docs/example.md:2 `pac connector create --client-secret x`: pac connector create has no option --client-secret",
            "docs/example.md:3 `npx tsx tools/build/solution/missing.ts`: tools/build/solution/missing.ts does not exist",
        ]);
    });
});
