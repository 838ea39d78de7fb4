import { checkCertificationRules, isTitleCase } from "../../tools/connector/validator/certificationRules";
import { formatProblem } from "../../tools/connector/model/problem";
import { Operation, SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { connectorCopy, definitionOf } from "./fixture";

const GET_RUN = "/paths/~1api~12.2~1jobs~1runs~1get/get";
const RUN_NOW = "/paths/~1api~12.2~1jobs~1run-now/post";

function lines(document: SwaggerDocument): string[] {
    return checkCertificationRules(document).map(formatProblem);
}

function withDefinition(change: (document: SwaggerDocument) => void): SwaggerDocument {
    const document = definitionOf(connectorCopy());
    change(document);
    return document;
}

const getRun = (document: SwaggerDocument): Operation => document.paths!["/api/2.2/jobs/runs/get"].get;

describe("certification rules", () => {
    it("hold for the shipped definition", () => {
        expect(lines(definitionOf(connectorCopy()))).toEqual([]);
    });

    it.each([
        [
            "a title with a restricted word",
            (d: SwaggerDocument) => (d.info!.title = "Databricks API"),
            '#/info/title [info-title] must not contain "API" or "Connector"',
        ],
        [
            "a title over 30 characters",
            (d: SwaggerDocument) => (d.info!.title = "Databricks Jobs And Warehouses Here"),
            "#/info/title [info-title] must have 1 to 30 characters, has 35",
        ],
        [
            "a short info description",
            (d: SwaggerDocument) => (d.info!.description = "Runs jobs."),
            "#/info/description [info-description] must have 30 to 500 characters, has 10",
        ],
        [
            "no contact",
            (d: SwaggerDocument) => delete d.info!.contact,
            "#/info/contact [info-contact] must name the publisher and give a URL or an email address",
        ],
        [
            "no privacy policy",
            (d: SwaggerDocument) =>
                (d["x-ms-connector-metadata"] = d["x-ms-connector-metadata"]!.filter(
                    (entry) => entry.propertyName !== "Privacy policy",
                )),
            '#/x-ms-connector-metadata [connector-metadata] must have a "Privacy policy" entry with a value',
        ],
        [
            "a summary with a slash",
            (d: SwaggerDocument) => (getRun(d).summary = "Get a run/task"),
            `#${GET_RUN}/summary [operation-summary] must not contain "/"`,
        ],
        [
            "a summary ending in a full stop",
            (d: SwaggerDocument) => (getRun(d).summary = "Get a run."),
            `#${GET_RUN}/summary [operation-summary] must end with a letter or a digit`,
        ],
        [
            "a summary in Title Case",
            (d: SwaggerDocument) => (getRun(d).summary = "Get A Run"),
            `#${GET_RUN}/summary [operation-summary] must be in sentence case, but "A" is capitalized`,
        ],
        [
            "a summary over 80 characters",
            (d: SwaggerDocument) => (getRun(d).summary = `Get ${"a ".repeat(40)}run`),
            `#${GET_RUN}/summary [operation-summary] must have at most 80 characters, has 87`,
        ],
        [
            "a description equal to the summary",
            (d: SwaggerDocument) => (getRun(d).description = "Get a run."),
            `#${GET_RUN}/description [operation-description] must be a full sentence: a capital letter first, a full stop last`,
        ],
        [
            "a description that is not a sentence",
            (d: SwaggerDocument) => (getRun(d).description = "gets the run"),
            `#${GET_RUN}/description [operation-description] must be a full sentence: a capital letter first, a full stop last`,
        ],
        [
            "an operationId that is not PascalCase",
            (d: SwaggerDocument) => (getRun(d).operationId = "get_run"),
            `#${GET_RUN}/operationId [operation-id] must be PascalCase letters and digits`,
        ],
        [
            "no x-ms-visibility",
            (d: SwaggerDocument) => delete getRun(d)["x-ms-visibility"],
            `#${GET_RUN}/x-ms-visibility [operation-visibility] must be one of important, advanced, internal`,
        ],
        [
            "a body on a GET",
            (d: SwaggerDocument) =>
                getRun(d).parameters!.push({
                    name: "body",
                    in: "body",
                    schema: { type: "object" },
                    "x-ms-summary": "Body",
                    description: "A body.",
                }),
            [
                `#${GET_RUN}/parameters [get-without-body] a GET operation must not have a body`,
                `#${GET_RUN}/consumes [consumes-with-body] an operation with a body must declare consumes ["application/json"]`,
            ],
        ],
        [
            "no consumes beside a body",
            (d: SwaggerDocument) => delete d.paths!["/api/2.2/jobs/run-now"].post.consumes,
            `#${RUN_NOW}/consumes [consumes-with-body] an operation with a body must declare consumes ["application/json"]`,
        ],
        [
            "a schema on an error response",
            (d: SwaggerDocument) => (getRun(d).responses!["400"].schema = { type: "object" }),
            [
                `#${GET_RUN}/responses [responses-one-schema] only one response may have a schema, 2 have one`,
                `#${GET_RUN}/responses/400 [responses-one-schema] only the 2xx response may have a schema`,
            ],
        ],
        [
            "no 429 response",
            (d: SwaggerDocument) => delete getRun(d).responses!["429"],
            `#${GET_RUN}/responses [responses-errors] must declare the 429 response`,
        ],
        [
            "a parameter without x-ms-summary",
            (d: SwaggerDocument) => delete getRun(d).parameters![0]["x-ms-summary"],
            `#${GET_RUN}/parameters/0 [parameter-summary] x-ms-summary is missing`,
        ],
        [
            "a parameter summary not in Title Case",
            (d: SwaggerDocument) => (getRun(d).parameters![0]["x-ms-summary"] = "run id"),
            `#${GET_RUN}/parameters/0 [parameter-summary] x-ms-summary "run id" must be in Title Case`,
        ],
        [
            "a parameter summary over 30 characters",
            (d: SwaggerDocument) => (getRun(d).parameters![0]["x-ms-summary"] = "The Identifier Of The Run To Get"),
            `#${GET_RUN}/parameters/0 [parameter-summary] x-ms-summary must have at most 30 characters, has 32`,
        ],
        [
            "a parameter without description",
            (d: SwaggerDocument) => delete getRun(d).parameters![0].description,
            `#${GET_RUN}/parameters/0 [parameter-description] description is missing`,
        ],
        [
            "a response property without description",
            (d: SwaggerDocument) => delete d.definitions!.Run.properties!.run_page_url.description,
            "#/definitions/Run/properties/run_page_url [property-description] description is missing",
        ],
        [
            "a dynamic list of an unknown operation",
            (d: SwaggerDocument) =>
                ((
                    d.paths!["/api/2.2/jobs/run-now"].post.parameters![0].schema!.properties!.job_id[
                        "x-ms-dynamic-values"
                    ] as { operationId: string }
                ).operationId = "ListAllJobs"),
            `#${RUN_NOW}/parameters/0/schema/properties/job_id/x-ms-dynamic-values [dynamic-reference] operation ListAllJobs does not exist`,
        ],
    ])("reports %s", (_what, change, expected: string | string[]) => {
        const wanted = (Array.isArray(expected) ? expected : [expected]).map(
            (line) => `apiDefinition.swagger.json${line}`,
        );
        expect(lines(withDefinition(change))).toEqual(wanted);
    });

    it("reports a path parameter that is optional or not single-encoded", () => {
        const document = withDefinition((d) => {
            const statementId = d.paths!["/api/2.0/sql/statements/{statement_id}"].get.parameters![0];
            statementId.required = false;
            delete statementId["x-ms-url-encoding"];
        });
        const at = "apiDefinition.swagger.json#/paths/~1api~12.0~1sql~1statements~1{statement_id}/get/parameters/0";
        expect(lines(document)).toEqual([
            `${at} [path-parameter] a path parameter must be required`,
            `${at} [path-parameter] a path parameter must have x-ms-url-encoding "single"`,
        ]);
    });

    it("reports an operationId used twice", () => {
        const document = withDefinition((d) => (d.paths!["/api/2.2/jobs/runs/list"].get.operationId = "GetRun"));
        expect(lines(document)).toEqual([
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1runs~1list/get/operationId [operation-id] is also used at /paths/~1api~12.2~1jobs~1runs~1get/get",
        ]);
    });
});

describe("Title Case", () => {
    it.each(["Run ID", "Job Parameters JSON", "Cancelled or Timed Out", "dbt Commands", "Run Page URL"])(
        "accepts %s",
        (text) => {
            expect(isTitleCase(text)).toBe(true);
        },
    );

    it.each(["Run id", "job ID", "Started from time"])("rejects %s", (text) => {
        expect(isTitleCase(text)).toBe(false);
    });
});
