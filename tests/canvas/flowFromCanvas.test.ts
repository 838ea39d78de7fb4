import { readFileSync, readdirSync } from "node:fs";
import { repoPath } from "../../tools/common/repoPaths";
import { topLevelParts } from "../../tools/connector/validator/powerFx";
import { codeBlocks } from "../docs/markdown";

/**
 * The flow "Run a Databricks job and wait" as a canvas app calls it: Power Apps passes the
 * PowerAppV2 trigger's required inputs by position and leaves out the optional ones the app does not
 * put in the record, so the flow must read every optional input with `?[` (a missing key is then
 * null, not a failed run).
 */

const WORKFLOWS = repoPath("solution", "src", "Workflows");
const flowFile = readdirSync(WORKFLOWS).find((file) => /^RunaDatabricksjobandwait-.*\.json$/.test(file));
const flowText = readFileSync(repoPath("solution", "src", "Workflows", flowFile ?? "missing.json"), "utf8");
const trigger = (
    JSON.parse(flowText) as {
        properties: {
            definition: {
                triggers: Record<
                    string,
                    { kind?: string; inputs: { schema: { properties: object; required: string[] } } }
                >;
            };
        };
    }
).properties.definition.triggers.manual;
const inputs = Object.keys(trigger.inputs.schema.properties);
const required = inputs.filter((name) => trigger.inputs.schema.required.includes(name));
const optional = inputs.filter((name) => !required.includes(name));

/** Every way the flow's expressions read an input: triggerBody()?['x'], triggerBody()['x'], triggerBody().x. */
function readsOf(name: string, text: string = flowText): string[] {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`triggerBody\\(\\)(\\?)?(?:\\[\\s*'${escaped}'\\s*\\]|\\.${escaped}\\b)`, "g");
    return [...text.matchAll(pattern)].map((match) => match[0]);
}

test("the flow is the canvas flow with two required inputs and two optional ones", () => {
    expect(trigger.kind).toBe("PowerAppV2");
    expect(required).toEqual(["job_id", "parameters_json"]);
    expect(optional).toEqual(["idempotency_token", "max_wait_seconds"]);
});

test.each(optional)("the flow reads the optional input %s only with ?[", (name) => {
    const reads = readsOf(name);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((read) => !read.startsWith("triggerBody()?['"))).toEqual([]);
});

test("the check would see an optional input read without ?[", () => {
    const reads = readsOf("max_wait_seconds", "@{triggerBody()['max_wait_seconds']} @{triggerBody().max_wait_seconds}");
    expect(reads.filter((read) => !read.startsWith("triggerBody()?['"))).toHaveLength(2);
});

describe("the maker guide calls the flow as the platform does", () => {
    const guide = readFileSync(repoPath("docs", "maker-guide.md"), "utf8");
    const blocks = codeBlocks(guide)
        .filter((block) => block.content.includes("RunaDatabricksjobandwait.Run("))
        .map((block) => block.content);

    test("required inputs by position, optional ones in a record under their names", () => {
        expect(blocks.length).toBeGreaterThan(0);
        for (const block of blocks) {
            const start = block.indexOf("RunaDatabricksjobandwait.Run(") + "RunaDatabricksjobandwait.Run(".length;
            const args = topLevelParts(block, start, ")") ?? [];
            const record = args[args.length - 1].startsWith("{") ? args[args.length - 1] : undefined;
            expect(args.length - (record ? 1 : 0)).toBe(required.length);
            const fields = (record ? (topLevelParts(record, 1, "}") ?? []) : []).map((f) => f.split(":")[0].trim());
            expect(fields.filter((field) => !optional.includes(field))).toEqual([]);
        }
    });

    test("each press sends its own idempotency token, not the control's outputs", () => {
        for (const block of blocks) {
            expect(block).toMatch(/GUID\(\)/);
            expect(block).not.toMatch(/\.(IdempotencyToken|RequestedParameters)\b/);
        }
    });
});
