import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packSolution, PackResult } from "../../tools/build/solution/packer";
import { PackError } from "../../tools/build/solution/errors";
import { readSolutionSource } from "../../tools/build/solution/solutionSource";
import { needsReference, readReferenceText, REFERENCE_CHECKS } from "../support/reference";
import {
    CONNECTION_REFERENCE,
    flow,
    PORTAL_CONNECTION_REFERENCE,
    PORTAL_WORKFLOW_FILE,
    PORTAL_WORKFLOW_ID,
    WORKFLOW_FILE,
    WORKFLOW_ID,
} from "./flowSupport";
import { editFile, entryText, makeWorkspace, readZip, Workspace, ZipRecord } from "./workspace";
import { child, parseXmlText, path, XmlElement } from "./xmlRead";

/** The flow in the packed zips, as the reference flow export holds its flow, and the bad flow sources the packer refuses. */

const REFERENCE = "dataverse-solutions/nbp-connector-flow-export";
const flowExport = needsReference(REFERENCE_CHECKS.flowExport);
const ENTRY = `Workflows/${WORKFLOW_FILE}`;

let workspace: Workspace;
let result: PackResult;
let unmanaged: ZipRecord[];
let managed: ZipRecord[];

beforeAll(async () => {
    workspace = makeWorkspace("3.1.0", async () => []);
    result = await packSolution(workspace.options());
    unmanaged = await readZip(readFileSync(result.zips[0].path));
    managed = await readZip(readFileSync(result.zips[1].path));
}, 60_000);

afterAll(() => workspace.remove());

const xml = (name: string, records = unmanaged) => parseXmlText(entryText(records, name));
const referenceXml = (name: string) => parseXmlText(readReferenceText(`${REFERENCE}/${name}`));
/** The <Workflow> of customizations.xml with this WorkflowId. */
const workflowNode = (id = WORKFLOW_ID, records = unmanaged): XmlElement => {
    const nodes = child(xml("customizations.xml", records), "Workflows").children.filter(
        (node) => node.attributes.WorkflowId === `{${id}}`,
    );
    expect(nodes).toHaveLength(1);
    return nodes[0];
};

describe("the flow in the zips", () => {
    flowExport.test(
        "is the entry Workflows/<Name>-<GUID>.json, deflated, holding the source's flow as compact JSON, in both zips",
        () => {
            for (const records of [unmanaged, managed]) {
                const record = records.find((entry) => entry.name === ENTRY);
                expect(record?.method).toBe(8);
                expect(JSON.parse(record?.data.toString("utf8") ?? "")).toEqual(flow);
                expect(record?.data.toString("utf8")).toBe(JSON.stringify(flow));
            }
            const referenceEntries = readReferenceText(`${REFERENCE}/ENTRIES.txt`)
                .split("\n")
                .filter((line) => line.startsWith("Workflows/"));
            expect(referenceEntries.map((line) => line.split("\t")[0])).toEqual([
                expect.stringMatching(/^Workflows\/[A-Za-z0-9]+-[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\.json$/),
            ]);
            expect(ENTRY).toMatch(/^Workflows\/[A-Za-z0-9]+-[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\.json$/);
        },
    );

    flowExport.test("is a root component of type 29 by id, as in the reference export", () => {
        const roots = path(xml("solution.xml"), "SolutionManifest", "RootComponents").children.filter(
            (root) => root.attributes.type === "29",
        );
        expect(roots.map((root) => root.attributes)).toEqual([
            { type: "29", id: `{${WORKFLOW_ID}}`, behavior: "0" },
            { type: "29", id: `{${PORTAL_WORKFLOW_ID}}`, behavior: "0" },
        ]);
        const reference = path(referenceXml("solution.xml"), "SolutionManifest", "RootComponents").children.find(
            (root) => root.attributes.type === "29",
        );
        expect(Object.keys(roots[0].attributes)).toEqual(Object.keys(reference?.attributes ?? {}));
    });

    flowExport.test(
        "has a <Workflow> node in customizations.xml with the reference's attributes and elements in its order, naming the entry",
        () => {
            const ours = workflowNode();
            const reference = path(referenceXml("customizations.xml"), "Workflows", "Workflow");
            expect(Object.keys(ours.attributes)).toEqual(Object.keys(reference.attributes));
            expect(ours.attributes).toEqual({ WorkflowId: `{${WORKFLOW_ID}}`, Name: "Run a Databricks job and wait" });
            expect(ours.children.map((element) => element.name)).toEqual(
                reference.children.map((element) => element.name),
            );
            expect(child(ours, "JsonFileName").text).toBe(`/${ENTRY}`);
            const fields = Object.fromEntries(
                ours.children
                    .filter((element) => element.children.length === 0)
                    .map((element) => [element.name, element.text]),
            );
            const referenceFields = Object.fromEntries(
                reference.children
                    .filter((element) => element.children.length === 0)
                    .map((element) => [element.name, element.text]),
            );
            // A modern (clientdata) cloud flow, as the reference's; only its state differs (see solution/README.md).
            expect({ ...fields, JsonFileName: "", StateCode: "", StatusCode: "" }).toEqual({
                ...referenceFields,
                JsonFileName: "",
                StateCode: "",
                StatusCode: "",
            });
            expect([fields.Category, fields.Type, fields.PrimaryEntity]).toEqual(["5", "1", "none"]);
            expect([fields.StateCode, fields.StatusCode]).toEqual(["0", "1"]);
            expect(path(ours, "LocalizedNames", "LocalizedName").attributes).toEqual({
                languagecode: "1033",
                description: "Run a Databricks job and wait",
            });
        },
    );

    test("the portal flow's <Workflow> node is the same kind of cloud flow, under its own name and entry", () => {
        const portal = workflowNode(PORTAL_WORKFLOW_ID);
        const main = workflowNode(WORKFLOW_ID);
        expect(portal.attributes).toEqual({
            WorkflowId: `{${PORTAL_WORKFLOW_ID}}`,
            Name: "Databricks job for Power Pages",
        });
        expect(child(portal, "JsonFileName").text).toBe(`/Workflows/${PORTAL_WORKFLOW_FILE}`);
        const fields = (node: XmlElement) =>
            node.children
                .filter((element) => element.name !== "JsonFileName")
                .map((element) => [element.name, element.text]);
        expect(fields(portal)).toEqual(fields(main));
        expect(path(portal, "LocalizedNames", "LocalizedName").attributes).toEqual({
            languagecode: "1033",
            description: "Databricks job for Power Pages",
        });
        for (const records of [unmanaged, managed])
            expect(records.some((record) => record.name === `Workflows/${PORTAL_WORKFLOW_FILE}`)).toBe(true);
    });

    test("customizations.xml keeps the source's <connectionreferences> node", () => {
        const references = child(xml("customizations.xml"), "connectionreferences").children;
        expect(references.map((reference) => reference.attributes.connectionreferencelogicalname)).toEqual([
            CONNECTION_REFERENCE,
            PORTAL_CONNECTION_REFERENCE,
        ]);
        const source = parseXmlText(readFileSync(join(workspace.sourceDir, "Other", "Customizations.xml"), "utf8"));
        expect(child(xml("customizations.xml"), "connectionreferences")).toEqual(child(source, "connectionreferences"));
    });
});

describe("bad flow sources are refused with the reason", () => {
    const workflowsDir = () => join(workspace.sourceDir, "Workflows");
    const dataFile = () => join(workflowsDir(), `${WORKFLOW_FILE}.data.xml`);
    let backup: Workspace;

    beforeEach(() => {
        backup = makeWorkspace("3.1.0", async () => []);
    });
    afterEach(() => backup.remove());

    const refuse = (edit: (dir: string) => void, message: RegExp) => {
        edit(backup.sourceDir);
        expect(() => readSolutionSource(backup.sourceDir)).toThrow(PackError);
        expect(() => readSolutionSource(backup.sourceDir)).toThrow(message);
    };

    test("a type-29 root component without its Workflows/*.json.data.xml", () => {
        refuse(
            (dir) => rmSync(join(dir, "Workflows", `${WORKFLOW_FILE}.data.xml`)),
            /The workflow root component \{9a6a247f-.*\} has no Workflows\/\*\.json\.data\.xml/,
        );
    });

    test("a flow that is not a root component", () => {
        refuse(
            (dir) =>
                editFile(join(dir, "Other", "Solution.xml"), (text) =>
                    text.replace(/<RootComponent type="29"[^>]*\/>/, ""),
                ),
            /is not a root component \(type 29\) in Other\/Solution\.xml/,
        );
    });

    test("a data.xml naming a JSON file that does not exist", () => {
        refuse(
            (dir) => rmSync(join(dir, "Workflows", WORKFLOW_FILE)),
            /names .*RunaDatabricksjobandwait-9A6A247F-CA1B-45CB-A588-06B14F5B0CE5\.json, which does not exist/,
        );
    });

    test("a JSON file not named after the WorkflowId", () => {
        refuse((dir) => {
            const renamed = WORKFLOW_FILE.replace("9A6A247F", "0A6A247F");
            renameSync(join(dir, "Workflows", WORKFLOW_FILE), join(dir, "Workflows", renamed));
            renameSync(
                join(dir, "Workflows", `${WORKFLOW_FILE}.data.xml`),
                join(dir, "Workflows", `${renamed}.data.xml`),
            );
            editFile(join(dir, "Workflows", `${renamed}.data.xml`), (text) => text.replace(WORKFLOW_FILE, renamed));
        }, /must end with its WorkflowId in capitals/);
    });

    test("a flow whose JSON is not the clientdata form", () => {
        refuse(
            (dir) => writeFileSync(join(dir, "Workflows", WORKFLOW_FILE), JSON.stringify({ definition: {} })),
            /a flow in the clientdata form has "properties" \(with "definition"\) and "schemaVersion"/,
        );
    });

    test("a connection reference the flow uses but Customizations.xml does not define", () => {
        refuse(
            (dir) =>
                editFile(join(dir, "Other", "Customizations.xml"), (text) =>
                    text.replace(
                        `connectionreferencelogicalname="${CONNECTION_REFERENCE}"`,
                        'connectionreferencelogicalname="dbxjt_Other"',
                    ),
                ),
            /uses the connection reference "dbxjt_DatabricksJobsConnection", which Other\/Customizations\.xml's <connectionreferences> does not define/,
        );
    });

    test("a connection reference that does not name the solution's connector", () => {
        refuse(
            (dir) =>
                editFile(join(dir, "Other", "Customizations.xml"), (text) =>
                    text.replace(
                        "<connectorid>75d18d5a-ff39-419c-b4fa-2f50d27906a7</connectorid>",
                        "<connectorid>00000000-0000-4000-8000-000000000000</connectorid>",
                    ),
                ),
            /must name the solution's connector in <customconnectorid>/,
        );
        refuse(
            (dir) =>
                editFile(join(dir, "Workflows", WORKFLOW_FILE), (text) =>
                    text.replace('"logicalName": "dbxjt_5Fdatabricks-20jobs"', '"logicalName": "dbxjt_5Fother"'),
                ),
            /names the custom connector "dbxjt_5Fother", which is not the solution's connector/,
        );
    });

    test("a flow that calls another API than its connection reference names", () => {
        refuse(
            (dir) =>
                editFile(join(dir, "Other", "Customizations.xml"), (text) =>
                    text.replace("apis/shared_dbxjt-5fdatabricks-20jobs-5f75d18d5aff39419c<", "apis/shared_other<"),
                ),
            /calls the API "shared_dbxjt-5fdatabricks-20jobs-5f75d18d5aff39419c", but the connection reference .* names the connector "\/providers\/Microsoft\.PowerApps\/apis\/shared_other"/,
        );
    });

    test("a <Workflow> in the source's Customizations.xml (the packer fills <Workflows> from Workflows/)", async () => {
        editFile(join(backup.sourceDir, "Other", "Customizations.xml"), (text) =>
            text.replace("<Workflows />", '<Workflows><Workflow WorkflowId="{x}" /></Workflows>'),
        );
        await expect(packSolution(backup.options())).rejects.toThrow(
            /<Workflows>, <CustomControls> and <Connectors> must be empty in the source/,
        );
    }, 30_000);

    test("the real source reads", () => {
        expect(readFileSync(dataFile(), "utf8")).toContain(WORKFLOW_ID);
        expect(readSolutionSource(workspace.sourceDir).workflows).toHaveLength(2);
    });
});
