import { checkConformance, CONNECTOR_FIELDS, SCRIPT_ROUTES } from "../../tools/connector/validator/conformance";
import { ALLOWANCES, DatabricksReference, docstringType } from "../../tools/connector/validator/databricksReference";
import { formatProblem } from "../../tools/connector/model/problem";
import { GET_JOB_PATH } from "../../tools/connector/customCode/scriptRules";
import { Schema, SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { needsReference, REFERENCE_CHECKS } from "../support/reference";
import { connectorCopy, databricksReference, definitionOf } from "./fixture";

const databricks = needsReference(REFERENCE_CHECKS.databricksConformance);
let reference: DatabricksReference;
beforeAll(async () => {
    if (databricks.available) reference = await databricksReference();
}, 30_000);

function lines(change: (document: SwaggerDocument) => void): string[] {
    const document = definitionOf(connectorCopy());
    change(document);
    return checkConformance(document, reference).map(formatProblem);
}

const runNowBody = (document: SwaggerDocument): Schema =>
    document.paths!["/api/2.2/jobs/run-now"].post.parameters![0].schema!;
const RUN_NOW_BODY = "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1run-now/post/parameters/0/schema";

databricks.describe("conformance with Databricks", () => {
    it("holds for the shipped definition", () => {
        expect(lines(() => undefined)).toEqual([]);
    });

    it("reports a request property Databricks does not have", () => {
        expect(
            lines(
                (d) =>
                    (runNowBody(d).properties!.priority = {
                        type: "string",
                        "x-ms-summary": "Priority",
                        description: "How urgent the run is.",
                    }),
            ),
        ).toEqual([
            `${RUN_NOW_BODY}/properties/priority [databricks-field] body field priority is not in the Databricks reference`,
        ]);
    });

    it("reports a response property Databricks does not have", () => {
        expect(
            lines(
                (d) =>
                    (d.definitions!.RunState.properties!.progress = {
                        type: "integer",
                        "x-ms-summary": "Progress",
                        description: "How far the run is.",
                    }),
            ),
        ).toEqual([
            "apiDefinition.swagger.json#/definitions/RunState/properties/progress [databricks-field] response field state.progress is not in the Databricks reference",
        ]);
    });

    it("reports a type that differs from Databricks'", () => {
        expect(lines((d) => (d.definitions!.Run.properties!.run_page_url.type = "integer"))).toEqual([
            "apiDefinition.swagger.json#/definitions/Run/properties/run_page_url [databricks-type] response field run_page_url is integer, Databricks' is string (stackql-sdkgen-2026-02/jobs.json)",
        ]);
    });

    it("reports a response ID without int64", () => {
        expect(lines((d) => delete d.definitions!.RunNowResponse.properties!.run_id.format)).toEqual([
            "apiDefinition.swagger.json#/definitions/RunNowResponse/properties/run_id [databricks-int64] response field run_id must have format int64, as in official-jobs-2.1-2023-05/jobs-2.1-aws.yaml",
        ]);
    });

    it("reports an enum value Databricks does not document", () => {
        expect(lines((d) => d.definitions!.RunStatus.properties!.state.enum!.push("PAUSED"))).toEqual([
            "apiDefinition.swagger.json#/definitions/RunStatus/properties/state [databricks-enum] response field status.state has values Databricks does not document: PAUSED",
        ]);
    });

    it("reports an enum where Databricks documents none", () => {
        expect(lines((d) => (d.definitions!.Run.properties!.run_name.enum = ["Nightly"]))).toEqual([
            "apiDefinition.swagger.json#/definitions/Run/properties/run_name [databricks-enum] response field run_name declares an enum, but Databricks documents none",
        ]);
    });

    it("reports a nested request type that differs", () => {
        expect(lines((d) => (runNowBody(d).properties!.queue.properties!.enabled.type = "string"))).toEqual([
            `${RUN_NOW_BODY}/properties/queue/properties/enabled [databricks-type] body field queue.enabled is string, Databricks' is boolean (stackql-sdkgen-2026-02/jobs.json)`,
        ]);
    });
});

describe("allowances for defects of the reference files", () => {
    databricks.it("types sdkgen's request fields from the SDK docstring, not from their string declaration", () => {
        // sdkgen declares row_limit as a string; the docstring says int, so integer conforms and string does not.
        const rowLimit = (d: SwaggerDocument) =>
            d.paths!["/api/2.0/sql/statements"].post.parameters![0].schema!.properties!.row_limit;
        expect(lines(() => undefined)).toEqual([]);
        expect(
            lines((d) => Object.assign(rowLimit(d), { type: "string", format: undefined, minimum: undefined })),
        ).toEqual([
            "apiDefinition.swagger.json#/paths/~1api~12.0~1sql~1statements/post/parameters/0/schema/properties/row_limit [databricks-type] body field row_limit is string, Databricks' is integer (stackql-sdkgen-2026-02/sql.json)",
        ]);
    });

    it("reads the docstring's types", () => {
        const description =
            ":param job_parameters: Dict[str,str] (optional)\n:param jar_params: List[str] (optional)\n:param queue: :class:`QueueSettings` (optional)\n:param job_id: int";
        expect(docstringType(description, "job_parameters")).toEqual({ type: "object" });
        expect(docstringType(description, "jar_params")).toEqual({ type: "array", items: { type: "string" } });
        expect(docstringType(description, "queue")).toEqual({ $ref: "#/components/schemas/QueueSettings" });
        expect(docstringType(description, "job_id")).toEqual({ type: "integer" });
        expect(docstringType(description, "missing")).toBeUndefined();
    });

    databricks.it("does not take docscrape's shifted request types (idempotency_token is not int64)", () => {
        const facts = reference.factsOf("post", "/api/2.2/jobs/run-now", "body", ["idempotency_token"]);
        const docscrape = facts.find((fact) => fact.source === "docscrape");
        expect(docscrape).toEqual({
            source: "docscrape",
            file: "stackql-docscrape-2024-12/workflows.yaml",
            type: undefined,
            format: undefined,
            enum: undefined,
        });
        expect(DatabricksReference.authorityOf(facts, "body")).toMatchObject({
            source: "official-2.1",
            type: "string",
        });
    });

    databricks.it("looks Jobs 2.2 paths up in the official 2.1 file", () => {
        expect(reference.sourcesOf("get", "/api/2.2/jobs/runs/get")).toEqual([
            "stackql-sdkgen-2026-02/jobs.json",
            "official-jobs-2.1-2023-05/jobs-2.1-aws.yaml",
            "stackql-docscrape-2024-12/workflows.yaml",
        ]);
    });

    it("names and explains every allowance", () => {
        for (const allowance of Object.values(ALLOWANCES)) {
            expect(allowance.name).toMatch(/^[a-z0-9.-]+$/);
            expect(allowance.defect.length).toBeGreaterThan(40);
            expect(allowance.handling.length).toBeGreaterThan(40);
        }
    });
});

databricks.describe("what the connector adds on purpose", () => {
    it("checks the internal schema operation against Get a job, which serves it", () => {
        expect(SCRIPT_ROUTES).toEqual([
            expect.objectContaining({
                operationId: "GetJobParametersSchema",
                servedBy: { method: "get", path: GET_JOB_PATH },
            }),
        ]);
        const schemaOperation = (d: SwaggerDocument) => d.paths!["/connector/jobs/parameters-schema"].get;
        expect(
            lines((d) =>
                schemaOperation(d).parameters!.push({
                    name: "run_id",
                    in: "query",
                    type: "integer",
                    format: "int64",
                    "x-ms-summary": "Run ID",
                    description: "A run.",
                }),
            ),
        ).toEqual([
            "apiDefinition.swagger.json#/paths/~1connector~1jobs~1parameters-schema/get/parameters/1 [databricks-field] query field run_id is not in the Databricks reference",
        ]);
    });

    it("reports the internal path when no route explains it", () => {
        expect(
            lines((d) => (d.paths!["/connector/jobs/parameters-schema"].get.operationId = "DescribeJobParameters")),
        ).toEqual([
            "apiDefinition.swagger.json#/paths/~1connector~1jobs~1parameters-schema/get [databricks-path] GET /connector/jobs/parameters-schema is not in the Databricks reference",
        ]);
    });

    it("allows job_parameters_json on RunNow only", () => {
        expect(CONNECTOR_FIELDS.map(({ operationId, location, name }) => `${operationId} ${location} ${name}`)).toEqual(
            ["RunNow body job_parameters_json"],
        );
        const cancelBody = (d: SwaggerDocument) => d.paths!["/api/2.2/jobs/runs/cancel"].post.parameters![0].schema!;
        expect(
            lines(
                (d) =>
                    (cancelBody(d).properties!.job_parameters_json = {
                        type: "string",
                        "x-ms-summary": "JSON",
                        description: "Some JSON.",
                    }),
            ),
        ).toEqual([
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1runs~1cancel/post/parameters/0/schema/properties/job_parameters_json [databricks-field] body field job_parameters_json is not in the Databricks reference",
        ]);
    });
});
