import { formatPowerFxSignature, powerFxCallsIn, powerFxSignature } from "../../tools/connector/validator/powerFx";
import { formatProblem } from "../../tools/connector/model/problem";
import { checkReadme } from "../../tools/connector/validator/readmeRules";
import { connectorCopy, definitionOf } from "./fixture";

const files = connectorCopy();
const document = definitionOf(files);
const readme = files.readme!;

describe("Power Fx signatures", () => {
    it.each([
        [
            "RunNow",
            "DatabricksJobs.RunNow(job_id, { job_parameters, job_parameters_json, idempotency_token, queue, pipeline_params, notebook_params, python_params, python_named_params, jar_params, spark_submit_params, sql_params, dbt_commands })",
        ],
        ["GetRun", "DatabricksJobs.GetRun(run_id, { include_history, include_resolved_values, page_token })"],
        ["CancelRun", "DatabricksJobs.CancelRun(run_id)"],
        ["GetJob", "DatabricksJobs.GetJob(job_id, { page_token })"],
        [
            "ExecuteStatement",
            "DatabricksJobs.ExecuteStatement(warehouse_id, statement, { parameters, wait_timeout, on_wait_timeout, row_limit, catalog, schema })",
        ],
    ])("of %s: required positional, optional in a record, internal hidden", (operationId, expected) => {
        expect(formatPowerFxSignature(powerFxSignature(document, operationId)!)).toBe(expected);
    });

    it("finds nested calls across lines", () => {
        const text =
            'Set(v, DatabricksJobs.GetRun(\n  DatabricksJobs.RunNow(Value(x), { job_parameters_json: "{}", queue: { enabled: true } }).run_id))';
        expect(powerFxCallsIn(text)).toEqual([
            { operationId: "GetRun", positional: 1, recordFields: [], index: 7 },
            { operationId: "RunNow", positional: 1, recordFields: ["job_parameters_json", "queue"], index: 32 },
        ]);
    });
});

describe("the connector readme", () => {
    it("has the sections of the PowerPlatformConnectors form, every operation, and fitting Power Fx", () => {
        expect(checkReadme(readme, document).map(formatProblem)).toEqual([]);
    });

    it("reports a call in the form the design sketch used, with a record for a required ID", () => {
        const sketch = `${readme}\nDatabricksJobs.GetRun({run_id: TriggerControl1.RunId})\n`;
        const line = sketch.split("\n").length - 1;
        expect(checkReadme(sketch, document).map(formatProblem)).toEqual([
            `README.md#/line/${line} [readme-power-fx] GetRun takes 1 positional argument(s), as in DatabricksJobs.GetRun(run_id, { include_history, include_resolved_values, page_token })`,
        ]);
    });

    it("reports an optional parameter the operation does not have", () => {
        const wrong = `${readme}\nDatabricksJobs.CancelRun(1, { reason: "user" })\n`;
        expect(checkReadme(wrong, document).map(formatProblem)).toEqual([
            `README.md#/line/${wrong.split("\n").length - 1} [readme-power-fx] CancelRun has no optional parameter reason`,
        ]);
    });

    it("reports a missing section and an undocumented operation", () => {
        const cut = readme
            .replace("## Known issues and limitations", "## Caveats")
            .replace("`GetStatementResultChunk`", "GetStatementResultChunk");
        expect(checkReadme(cut, document).map(formatProblem)).toEqual([
            "README.md# [readme] needs the section ## Known issues and limitations",
            "README.md# [readme] does not describe the operation GetStatementResultChunk",
        ]);
    });
});
