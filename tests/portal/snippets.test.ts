import { readdirSync, readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { parse } from "yaml";
import { OBSERVED_ATTRIBUTES } from "../../portal/src/elementContract";
import { repoPath } from "../../tools/common/repoPaths";
import { parseJobId } from "../../runModel/jobId";
import { needsReference, readReferenceText } from "../support/reference";

const SAMPLE_REGISTRATION =
    "power-pages/power-pages-samples-cloud-flow/cloud-flow-sample-request-callback.cloudflowconsumer.yml";
const sampleRegistration = needsReference({
    name: "cloud flow registration snippet against Microsoft's sample registration",
    files: [SAMPLE_REGISTRATION],
});

const snippet = (name: string) => readFileSync(repoPath("portal", "snippets", name), "utf8");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The workflow id of the solution's Power Pages flow, from its file name in solution/src/Workflows. */
function portalFlowId(): string {
    const file = readdirSync(repoPath("solution", "src", "Workflows")).find((name) =>
        /^DatabricksjobforPowerPages-.*\.json$/.test(name),
    );
    const id = /-([0-9A-F-]{36})\.json$/i.exec(file ?? "")?.[1];
    if (!id) throw new Error("solution/src/Workflows has no flow DatabricksjobforPowerPages-<id>.json");
    return id.toLowerCase();
}

function elementsOf(html: string): Element[] {
    const page = new JSDOM(html.replace(/\{%[\s\S]*?%\}/g, "")).window.document;
    return [...page.querySelectorAll("databricks-job-run")];
}

describe.each(["databricks-job-run.html", "databricks-job-run.liquid.html"])("%s", (name) => {
    const html = snippet(name);

    test("loads the script and has one element, whose attributes are all ones the element reads", () => {
        const elements = elementsOf(html);
        expect(elements).toHaveLength(1);
        expect(html).toContain('<script src="/databricks-job-run.js"');
        for (const attribute of elements[0].getAttributeNames())
            expect(OBSERVED_ATTRIBUTES as readonly string[]).toContain(attribute);
    });

    test("flow-id is the solution's flow, whose id an import keeps; job-id is a placeholder that says what to put there", () => {
        const [element] = elementsOf(html);
        const jobId = element.getAttribute("job-id") ?? "";
        expect(element.getAttribute("flow-id")).toBe(portalFlowId());
        expect(parseJobId(jobId).ok).toBe(false);
        expect(jobId).toMatch(/^JOB-ID: .*Databricks job id/);
    });
});

test("the Liquid snippet shows the element to signed-in visitors and a sign-in link to the others", () => {
    const html = snippet("databricks-job-run.liquid.html");
    const [signedIn, anonymous] = html.split("{% else %}");
    expect(signedIn).toMatch(/\{% if user %\}[\s\S]*<databricks-job-run/);
    expect(anonymous).not.toContain("databricks-job-run");
    expect(anonymous).toContain('href="/SignIn?returnUrl={{ request.path | escape }}"');
    expect(anonymous).toContain("{% endif %}");
});

describe("databricks-job-run.cloudflowconsumer.yml", () => {
    const registration = parse(snippet("databricks-job-run.cloudflowconsumer.yml")) as Record<string, unknown>;

    sampleRegistration.test("has the keys of Microsoft's sample registration", () => {
        const sample = parse(readReferenceText(SAMPLE_REGISTRATION)) as Record<string, unknown>;
        expect(Object.keys(registration).sort()).toEqual(Object.keys(sample).sort());
    });

    test("registers the solution's flow", () => {
        const flowId = portalFlowId();
        expect(registration).toMatchObject({
            processid: flowId,
            flowapiurl: `/_api/cloudflow/v1.0/trigger/${flowId}`,
            flowtriggerurl: "",
            metadata: "",
            name: "Databricks job for Power Pages",
        });
    });

    test("its web roles and record id are placeholders that say so", () => {
        const roles = registration.adx_CloudFlowConsumer_adx_webrole as string[];
        expect(roles).toHaveLength(1);
        expect(roles[0]).toMatch(/^WEB-ROLE-ID /);
        expect(GUID.test(String(registration.id))).toBe(false);
        expect(String(registration.id)).toMatch(/^NEW-GUID /);
    });
});
