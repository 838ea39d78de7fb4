import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConnector } from "../../tools/connector/model/connectorFiles";
import { formatProblem } from "../../tools/connector/model/problem";
import { validateConnector } from "../../tools/connector/validator/validator";
import { needsReference, referenceData, REFERENCE_CHECKS } from "../support/reference";
import { CONNECTOR_DIR, connectorCopy, databricksReference, definitionOf, problemLines } from "./fixture";
import { repoPath } from "../../tools/common/repoPaths";

const RUN_NOW = "/paths/~1api~12.2~1jobs~1run-now/post";
const GET_RUN = "/paths/~1api~12.2~1jobs~1runs~1get/get";
const fullValidation = needsReference({
    name: "connector validation in full",
    files: [...REFERENCE_CHECKS.connectorSchemas.files, ...REFERENCE_CHECKS.databricksConformance.files],
});
const conformance = needsReference(REFERENCE_CHECKS.databricksConformance);

describe("the shipped connector", () => {
    fullValidation.it(
        "passes every check, script.csx included, and skips none",
        async () => {
            const { problems, skipped } = await validateConnector(loadConnector(CONNECTOR_DIR), {
                referenceData: referenceData(),
                databricks: await databricksReference(),
            });
            expect(problems.map(formatProblem)).toEqual([]);
            expect(skipped).toEqual([]);
        },
        60_000,
    );
});

describe("broken copies of the connector", () => {
    it("reports an operation without a summary", async () => {
        const files = connectorCopy();
        delete definitionOf(files).paths!["/api/2.2/jobs/run-now"].post.summary;
        expect(await problemLines(files)).toEqual([
            `apiDefinition.swagger.json#${RUN_NOW}/summary [operation-summary] is missing`,
        ]);
    });

    it("reports a resourceUri that is not AzureDatabricks", async () => {
        const files = connectorCopy();
        const token = (
            files.apiProperties as {
                properties: {
                    connectionParameters: {
                        token: { oAuthSettings: { customParameters: { resourceUri: { value: string } } } };
                    };
                };
            }
        ).properties.connectionParameters.token;
        token.oAuthSettings.customParameters.resourceUri.value = "https://management.azure.com";
        expect(await problemLines(files)).toEqual([
            "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/customParameters/resourceUri/value [oauth-resource-uri] " +
                'must be "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", is "https://management.azure.com": the token\'s audience must be AzureDatabricks',
        ]);
    });

    conformance.it("reports a run_id that is not int64", async () => {
        const files = connectorCopy();
        const runId = definitionOf(files).paths!["/api/2.2/jobs/runs/get"].get.parameters![0];
        runId.format = "int32";
        expect(await problemLines(files)).toEqual([
            `apiDefinition.swagger.json#${GET_RUN}/parameters/0 [id-int64] run_id must be integer with format int64`,
            `apiDefinition.swagger.json#${GET_RUN}/parameters/0 [databricks-int64] query field run_id must have format int64, as in official-jobs-2.1-2023-05/jobs-2.1-aws.yaml`,
        ]);
    });

    conformance.it("reports a path that Databricks does not have", async () => {
        const files = connectorCopy();
        const paths = definitionOf(files).paths!;
        paths["/api/2.2/jobs/runs/pause"] = paths["/api/2.2/jobs/runs/cancel"];
        delete paths["/api/2.2/jobs/runs/cancel"];
        expect(await problemLines(files)).toEqual([
            "apiDefinition.swagger.json#/paths [required-operations] CancelRun must be POST /api/2.2/jobs/runs/cancel",
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1runs~1pause/post [databricks-path] POST /api/2.2/jobs/runs/pause is not in the Databricks reference",
        ]);
    });

    it("reports a secret-looking value", async () => {
        const files = connectorCopy();
        const settings = (
            files.apiProperties as {
                properties: { connectionParameters: { token: { oAuthSettings: Record<string, unknown> } } };
            }
        ).properties.connectionParameters.token.oAuthSettings;
        settings.clientId = "8f3c2a51-6d0e-4b7a-9c1f-2e5d8a7b6c40";
        expect(await problemLines(files)).toEqual([
            "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/clientId [oauth-client-id] must be a placeholder that says so; each tenant registers its own Azure AD app",
            "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/clientId [no-secrets] looks like a tenant, client or object ID (8f3c2a51-6d0e-4b7a-9c1f-2e5d8a7b6c40)",
        ]);
    });

    it("reports a token pasted into the readme", async () => {
        const files = connectorCopy();
        files.readme += "\nexport DATABRICKS_TOKEN=dapi0123456789abcdef0123456789abcdef\n";
        const line = files.readme!.split("\n").length - 1;
        expect(await problemLines(files)).toEqual([
            `README.md#/line/${line} [no-secrets] looks like a Databricks personal access token`,
        ]);
    });
});

describe("npm run validate:connector", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "connector-copy-"));
        cpSync(CONNECTOR_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("exits 1 with one line per problem naming file, pointer and rule", () => {
        const path = join(dir, "apiDefinition.swagger.json");
        const definition = JSON.parse(readFileSync(path, "utf8"));
        definition.info.title = "Databricks Jobs API Connector";
        writeFileSync(path, JSON.stringify(definition, null, 4));

        let failure: { status?: number; stderr?: string } = {};
        try {
            execFileSync(
                process.execPath,
                [require.resolve("tsx/cli"), repoPath("tools", "connector", "validator", "validate.ts"), dir],
                {
                    encoding: "utf8",
                    stdio: "pipe",
                },
            );
        } catch (error) {
            failure = error as typeof failure;
        }
        expect(failure.status).toBe(1);
        expect(failure.stderr?.trim().split("\n")).toEqual([
            'apiDefinition.swagger.json#/info/title [info-title] must not contain "API" or "Connector"',
            'apiDefinition.swagger.json#/info/title [canvas-contract] must be "Databricks Jobs": Power Fx calls the connector DatabricksJobs',
        ]);
    }, 60_000);

    it("reports a file that is not JSON instead of crashing", () => {
        writeFileSync(join(dir, "apiProperties.json"), "{ not json");
        let failure: { status?: number; stderr?: string } = {};
        try {
            execFileSync(
                process.execPath,
                [require.resolve("tsx/cli"), repoPath("tools", "connector", "validator", "validate.ts"), dir],
                {
                    encoding: "utf8",
                    stdio: "pipe",
                },
            );
        } catch (error) {
            failure = error as typeof failure;
        }
        expect(failure.status).toBe(1);
        expect(failure.stderr).toMatch(/^apiProperties\.json# \[file\] the file is not valid JSON: /);
    }, 60_000);
});
