import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { FIXED_ENTRY_TIME } from "../../tools/build/solution/archive";
import { packSolution, PackResult } from "../../tools/build/solution/packer";
import { describeZips } from "../../tools/build/solution/pack";
import { needsReference, referenceFile, REFERENCE_CHECKS } from "../support/reference";
import {
    CONNECTOR_DIR,
    connectorValidation,
    entryText,
    makeWorkspace,
    readZip,
    Workspace,
    ZipRecord,
} from "./workspace";
import { child, parseXmlText, path, XmlElement } from "./xmlRead";

const VERSION = "2.3.4";
const PREFIX = "dbxjt";
const CONTROL = "dbxjt_DatabricksJobTrigger.TriggerControl";
const CONNECTOR = "dbxjt_5Fdatabricks-20jobs";
const WORKFLOW_ID = "9a6a247f-ca1b-45cb-a588-06b14f5b0ce5";
const WORKFLOW_ENTRY = `Workflows/RunaDatabricksjobandwait-${WORKFLOW_ID.toUpperCase()}.json`;
const PORTAL_WORKFLOW_ID = "e1e681a1-10b6-4ad7-86fc-9321d828627a";
const PORTAL_WORKFLOW_ENTRY = `Workflows/DatabricksjobforPowerPages-${PORTAL_WORKFLOW_ID.toUpperCase()}.json`;
const solutionExport = (...parts: string[]) => referenceFile(["dataverse-solutions", ...parts].join("/"));
const realExports = needsReference(REFERENCE_CHECKS.solutionExports);

const swagger = JSON.parse(readFileSync(join(CONNECTOR_DIR, "apiDefinition.swagger.json"), "utf8"));
const apiProperties = JSON.parse(readFileSync(join(CONNECTOR_DIR, "apiProperties.json"), "utf8"));

let workspace: Workspace;
let result: PackResult;
let unmanaged: ZipRecord[];
let managed: ZipRecord[];

beforeAll(async () => {
    workspace = makeWorkspace(VERSION, connectorValidation);
    result = await packSolution(workspace.options());
    unmanaged = await readZip(readFileSync(result.zips[0].path));
    managed = await readZip(readFileSync(result.zips[1].path));
}, 60_000);

afterAll(() => workspace.remove());

const names = (records: readonly ZipRecord[]) => records.map((record) => record.name);
const xml = (name: string, records = unmanaged) => parseXmlText(entryText(records, name));
const referenceEntries = (folder: string) =>
    readFileSync(solutionExport(folder, "ENTRIES.txt"), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split("\t"));

describe("the zips", () => {
    test("are solution/bin/<UniqueName>_<version>.zip and ..._managed.zip, version as four numbers", () => {
        expect(result.zips.map((zip) => [basename(zip.path), zip.managed])).toEqual([
            ["DatabricksJobTrigger_2_3_4_0.zip", false],
            ["DatabricksJobTrigger_2_3_4_0_managed.zip", true],
        ]);
        expect(result.zips.every((zip) => zip.path.startsWith(workspace.outDir))).toBe(true);
    });

    test("hold the entries in Dataverse's export order: the three XML files, the flow, the control, the connector, the environment variables", () => {
        expect(names(unmanaged)).toEqual([
            "customizations.xml",
            "[Content_Types].xml",
            "solution.xml",
            PORTAL_WORKFLOW_ENTRY,
            WORKFLOW_ENTRY,
            `Controls/${CONTROL}/css/TriggerControl.css`,
            `Controls/${CONTROL}/strings/TriggerControl.1033.resx`,
            `Controls/${CONTROL}/strings/TriggerControl.1031.resx`,
            `Controls/${CONTROL}/strings/TriggerControl.1036.resx`,
            `Controls/${CONTROL}/strings/TriggerControl.3082.resx`,
            `Controls/${CONTROL}/bundle.js`,
            `Controls/${CONTROL}/ControlManifest.xml`,
            `Connector/${CONNECTOR}_openapidefinition.json`,
            `Connector/${CONNECTOR}_connectionparameters.json`,
            `Connector/${CONNECTOR}_policytemplateinstances.json`,
            `Connector/${CONNECTOR}_customcodeblobcontent.csx`,
            `Connector/${CONNECTOR}_iconblob.Png`,
            "environmentvariabledefinitions/dbxjt_DatabricksClientId/environmentvariabledefinition.xml",
            "environmentvariabledefinitions/dbxjt_DatabricksClientSecret/environmentvariabledefinition.xml",
            "environmentvariabledefinitions/dbxjt_PortalAllowedJobIds/environmentvariabledefinition.xml",
        ]);
    });

    realExports.test(
        "follow the reference export's layout: same root files first, css before bundle before manifest, connector parts in the same order",
        () => {
            const reference = referenceEntries("stripe-pcf-1.6-export").map(([name]) => name);
            const shape = (entries: string[]) =>
                entries.map((name) =>
                    name
                        .replace(/^Controls\/[^/]+\/(css|strings)\/.*$/, "Controls/*/$1/*")
                        .replace(/^Controls\/[^/]+\//, "Controls/*/")
                        .replace(/^Connector\/.*_([a-z]+)\.[A-Za-z]+$/, "Connector/*_$1"),
                );
            const dedupe = (entries: string[]) => entries.filter((name, index) => entries.indexOf(name) === index);
            const ours = dedupe(shape(names(unmanaged))).filter(
                (name) =>
                    !name.includes("strings") &&
                    !name.includes("customcodeblobcontent") &&
                    !name.startsWith("Workflows/") &&
                    !name.startsWith("environmentvariabledefinitions/"),
            );
            expect(ours).toEqual(dedupe(shape(reference)));
        },
    );

    realExports.test(
        "put the flow where the flow export puts it: after the three XML files, before the connector",
        () => {
            const reference = referenceEntries("nbp-connector-flow-export").map(([name]) => name);
            const kind = (name: string) => (name.includes("/") ? name.slice(0, name.indexOf("/")) : "root");
            const order = (entries: string[]) =>
                entries
                    .map(kind)
                    .filter(
                        (name, index, all) =>
                            all.indexOf(name) === index &&
                            name !== "CanvasApps" &&
                            name !== "Controls" &&
                            name !== "environmentvariabledefinitions",
                    );
            expect(order(names(unmanaged))).toEqual(order(reference));
            expect(order(reference)).toEqual(["root", "Workflows", "Connector"]);
        },
    );

    realExports.test("are deflated, with one fixed time and no directory entries", () => {
        const dosDate =
            ((FIXED_ENTRY_TIME.getUTCFullYear() - 1980) << 9) |
            ((FIXED_ENTRY_TIME.getUTCMonth() + 1) << 5) |
            FIXED_ENTRY_TIME.getUTCDate();
        for (const record of [...unmanaged, ...managed]) {
            expect({
                name: record.name,
                method: record.method,
                dosDate: record.dosDate,
                dosTime: record.dosTime,
            }).toEqual({ name: record.name, method: 8, dosDate, dosTime: 0 });
            expect(record.name.endsWith("/")).toBe(false);
        }
        for (const [name, , method] of [
            ...referenceEntries("stripe-pcf-1.6-export"),
            ...referenceEntries("nbp-connector-flow-export"),
        ]) {
            expect([name, method]).toEqual([name, "deflate"]);
        }
    });

    test("are described by path, size and SHA-256, and the figures are the files'", () => {
        const lines = describeZips(result, workspace.root);
        for (const [index, zip] of result.zips.entries()) {
            const bytes = readFileSync(zip.path);
            expect(zip.size).toBe(bytes.length);
            expect(zip.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
            expect(lines[index]).toBe(
                `  ${join("solution", "bin", basename(zip.path))}  ${bytes.length} bytes  sha256 ${zip.sha256}`,
            );
        }
    });
});

describe("version warnings", () => {
    test("each source a pac/dotnet build reads that carries another version than package.json's is named", () => {
        expect(result.warnings).toEqual([
            expect.stringMatching(
                /Other\/Solution\.xml says version \d+\.\d+\.\d+\.\d+; the zips carry 2\.3\.4\.0 from package\.json/,
            ),
            expect.stringMatching(
                /^The control manifest \(ControlManifest\.Input\.xml\) says version .*; the zips carry 2\.3\.4 from package\.json/,
            ),
            expect.stringMatching(
                /^The connector's apiDefinition\.swagger\.json \(info\.version\) says version .*; the zips carry 2\.3\.4 from package\.json/,
            ),
        ]);
    });
});

describe("solution.xml", () => {
    const manifest = () => child(xml("solution.xml"), "SolutionManifest");

    test("carries package.json's version as four numbers and is unmanaged", () => {
        expect(child(manifest(), "Version").text).toBe(`${VERSION}.0`);
        expect(child(manifest(), "Managed").text).toBe("0");
        expect(child(manifest(), "UniqueName").text).toBe("DatabricksJobTrigger");
    });

    test("names the publisher with its prefix and option value prefix", () => {
        const publisher = child(manifest(), "Publisher");
        expect(child(publisher, "CustomizationPrefix").text).toMatch(/^[a-z][a-z0-9]{1,7}$/);
        expect(child(publisher, "CustomizationPrefix").text).toBe(PREFIX);
        expect(Number(child(publisher, "CustomizationOptionValuePrefix").text)).toBeGreaterThanOrEqual(10000);
        expect(Number(child(publisher, "CustomizationOptionValuePrefix").text)).toBeLessThanOrEqual(99999);
        expect(path(publisher, "LocalizedNames").children.map((name) => name.attributes.languagecode)).toEqual([
            "1033",
        ]);
    });

    realExports.test(
        "has the control (66, by schemaName) and the connector (372, by id and schemaName) as root components, as the reference export does",
        () => {
            const roots = (element: XmlElement) =>
                path(element, "SolutionManifest", "RootComponents").children.map((root) => root.attributes);
            const connectorId = child(connectorNode(), "connectorid").text;
            expect(roots(xml("solution.xml"))).toEqual([
                { type: "29", id: `{${WORKFLOW_ID}}`, behavior: "0" },
                { type: "29", id: `{${PORTAL_WORKFLOW_ID}}`, behavior: "0" },
                { type: "66", schemaName: CONTROL, behavior: "0" },
                { type: "372", id: `{${connectorId}}`, schemaName: CONNECTOR, behavior: "0" },
            ]);
            const reference = roots(
                parseXmlText(readFileSync(solutionExport("stripe-pcf-1.6-export", "solution.xml"), "utf8")),
            );
            expect(reference.map((root) => Object.keys(root))).toEqual(
                roots(xml("solution.xml"))
                    .filter((root) => root.type !== "29")
                    .map((root) => Object.keys(root)),
            );
            const flowReference = roots(
                parseXmlText(readFileSync(solutionExport("nbp-connector-flow-export", "solution.xml"), "utf8")),
            );
            const keysOfType = (all: Array<Record<string, string>>, type: string) =>
                all.filter((root) => root.type === type).map((root) => Object.keys(root));
            expect(keysOfType(flowReference, "29")).toHaveLength(1);
            for (const keys of keysOfType(roots(xml("solution.xml")), "29"))
                expect(keys).toEqual(keysOfType(flowReference, "29")[0]);
        },
    );

    realExports.test("has the reference export's elements in the same order", () => {
        const reference = child(
            parseXmlText(readFileSync(solutionExport("stripe-pcf-1.6-export", "solution.xml"), "utf8")),
            "SolutionManifest",
        );
        expect(manifest().children.map((element) => element.name)).toEqual(
            reference.children.map((element) => element.name),
        );
        expect(child(manifest(), "Publisher").children.map((element) => element.name)).toEqual(
            child(reference, "Publisher").children.map((element) => element.name),
        );
    });
});

function connectorNode(records = unmanaged): XmlElement {
    return path(xml("customizations.xml", records), "Connectors", "Connector");
}

describe("customizations.xml", () => {
    realExports.test(
        "has the reference export's top-level elements in its order, with <connectionreferences> after <Connectors>",
        () => {
            const reference = parseXmlText(
                readFileSync(solutionExport("stripe-pcf-1.6-export", "customizations.xml"), "utf8"),
            );
            const ours = xml("customizations.xml").children.map((element) => element.name);
            expect(ours.filter((name) => name !== "connectionreferences")).toEqual(
                reference.children.map((element) => element.name),
            );
            expect(ours.indexOf("connectionreferences")).toBe(ours.indexOf("Connectors") + 1);
        },
    );

    test("registers the control under <CustomControls> with the path of its manifest in the zip", () => {
        const controls = child(xml("customizations.xml"), "CustomControls").children;
        expect(
            controls.map((control) => [control.name, control.children.map((element) => [element.name, element.text])]),
        ).toEqual([
            [
                "CustomControl",
                [
                    ["Name", CONTROL],
                    ["FileName", `/Controls/${CONTROL}/ControlManifest.xml`],
                ],
            ],
        ]);
        expect(names(unmanaged)).toContain(`Controls/${CONTROL}/ControlManifest.xml`);
    });

    test("the control's name is <prefix>_<manifest namespace>.<constructor> and its manifest names only files in the zip", () => {
        const control = child(xml(`Controls/${CONTROL}/ControlManifest.xml`), "control");
        expect(`${PREFIX}_${control.attributes.namespace}.${control.attributes.constructor}`).toBe(CONTROL);
        const resources = child(control, "resources").children.filter(
            (resource) => resource.attributes.path !== undefined,
        );
        for (const resource of resources)
            expect(names(unmanaged)).toContain(`Controls/${CONTROL}/${resource.attributes.path}`);
        expect(resources.find((resource) => resource.name === "code")?.attributes.path).toBe("bundle.js");
    });

    realExports.test(
        "registers the connector under <Connectors>: the reference's fields in its order, plus scriptoperations and customcodeblobcontent",
        () => {
            const reference = path(
                parseXmlText(readFileSync(solutionExport("stripe-pcf-1.6-export", "customizations.xml"), "utf8")),
                "Connectors",
                "Connector",
            );
            const ours = connectorNode().children.map((element) => element.name);
            expect(ours.filter((name) => name !== "scriptoperations" && name !== "customcodeblobcontent")).toEqual(
                reference.children.map((element) => element.name),
            );
            expect(ours.indexOf("scriptoperations")).toBe(ours.indexOf("connectortype") + 1);
            expect(ours.indexOf("customcodeblobcontent")).toBe(ours.indexOf("iconblob") - 1);
        },
    );

    test("the connector's file fields point at entries under Connector/ named <name>_<field>", () => {
        const fields = Object.fromEntries(connectorNode().children.map((element) => [element.name, element.text]));
        const files = [
            "openapidefinition",
            "connectionparameters",
            "policytemplateinstances",
            "customcodeblobcontent",
            "iconblob",
        ];
        for (const field of files) {
            expect(fields[field]).toMatch(new RegExp(`^/Connector/${CONNECTOR}_${field}\\.(json|csx|Png)$`));
            expect(names(unmanaged)).toContain(fields[field].slice(1));
        }
        expect(names(unmanaged).filter((name) => name.startsWith("Connector/"))).toEqual(
            files.map((field) => fields[field].slice(1)),
        );
    });

    test("the connector's identity: a fixed GUID, the name from the display name, custom connector type", () => {
        const fields = Object.fromEntries(connectorNode().children.map((element) => [element.name, element.text]));
        expect(fields.connectorid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(fields.displayname).toBe(swagger.info.title);
        expect(fields.name).toBe(`${PREFIX}_5F${swagger.info.title.toLowerCase().replace(/ /g, "-20")}`);
        expect(fields.description).toBe(swagger.info.description);
        expect(fields.iconbrandcolor).toBe(apiProperties.properties.iconBrandColor);
        expect(fields.connectortype).toBe("1");
        expect(JSON.parse(fields.scriptoperations)).toEqual(apiProperties.properties.scriptOperations);
    });
});

describe("the connector's parts equal the connector sources", () => {
    const part = (suffix: string) =>
        unmanaged.find((record) => record.name === `Connector/${CONNECTOR}_${suffix}`)?.data ?? Buffer.alloc(0);

    test("openapidefinition is the swagger, with info.version stamped from package.json", () => {
        const definition = JSON.parse(part("openapidefinition.json").toString("utf8"));
        expect(definition.info.version).toBe(VERSION);
        expect({ ...definition, info: { ...definition.info, version: swagger.info.version } }).toEqual(swagger);
    });

    test("connectionparameters and policytemplateinstances are the bare values from apiProperties.json (the OAuth client id and secret aside: environmentVariables.test.ts)", () => {
        const connectionParameters = JSON.parse(part("connectionparameters.json").toString("utf8"));
        const { clientSecret, ...oAuthSettings } = connectionParameters.token.oAuthSettings;
        expect(clientSecret).toBe('@environmentVariables("dbxjt_DatabricksClientSecret")');
        const sourceOAuthSettings = apiProperties.properties.connectionParameters.token.oAuthSettings;
        expect({
            ...connectionParameters,
            token: {
                ...connectionParameters.token,
                oAuthSettings: { ...oAuthSettings, clientId: sourceOAuthSettings.clientId },
            },
        }).toEqual(apiProperties.properties.connectionParameters);
        expect(JSON.parse(part("policytemplateinstances.json").toString("utf8"))).toEqual(
            apiProperties.properties.policyTemplateInstances,
        );
        expect(JSON.parse(part("connectionparameters.json").toString("utf8"))).not.toHaveProperty("properties");
    });

    test("customcodeblobcontent is script.csx and iconblob is icon.png, byte for byte", () => {
        expect(part("customcodeblobcontent.csx").equals(readFileSync(join(CONNECTOR_DIR, "script.csx")))).toBe(true);
        expect(part("iconblob.Png").equals(readFileSync(join(CONNECTOR_DIR, "icon.png")))).toBe(true);
    });
});

describe("the control's files", () => {
    test("are the build output, with the manifest's version stamped from package.json", () => {
        const control = child(xml(`Controls/${CONTROL}/ControlManifest.xml`), "control");
        expect(control.attributes.version).toBe(VERSION);
        const built = child(
            parseXmlText(readFileSync(join(workspace.controlDir, "ControlManifest.xml"), "utf8")),
            "control",
        );
        expect({ ...control.attributes, version: built.attributes.version }).toEqual(built.attributes);
        expect(entryText(unmanaged, `Controls/${CONTROL}/bundle.js`)).toBe(
            readFileSync(join(workspace.controlDir, "bundle.js"), "utf8"),
        );
        expect(entryText(unmanaged, `Controls/${CONTROL}/strings/TriggerControl.1031.resx`)).toBe(
            readFileSync(join(workspace.controlDir, "strings", "TriggerControl.1031.resx"), "utf8"),
        );
    });
});

describe("[Content_Types].xml", () => {
    test("has one Default per extension present, spelled as the entry spells it, and nothing else", () => {
        const types = xml("[Content_Types].xml");
        expect(types.attributes.xmlns).toBe("http://schemas.openxmlformats.org/package/2006/content-types");
        const extensions = names(unmanaged)
            .map((name) => name.slice(name.lastIndexOf(".") + 1))
            .filter((extension, index, all) => all.indexOf(extension) === index);
        expect(
            types.children.map((type) => [type.name, type.attributes.Extension, type.attributes.ContentType]),
        ).toEqual(extensions.map((extension) => ["Default", extension, "application/octet-stream"]));
        expect(extensions).toEqual(["xml", "json", "css", "resx", "js", "csx", "Png"]);
    });

    realExports.test("is encoded as the reference exports: byte order mark, XML declaration, one line", () => {
        const ours = unmanaged.find((record) => record.name === "[Content_Types].xml")?.data ?? Buffer.alloc(0);
        const reference = readFileSync(solutionExport("stripe-pcf-1.6-export", "[Content_Types].xml"));
        const head = (bytes: Buffer) => bytes.subarray(0, 41).toString("utf8");
        expect(head(ours)).toBe(head(reference));
        expect(ours.toString("utf8")).not.toContain("\n");
    });
});

describe("managed versus unmanaged", () => {
    test("the same entries in the same order, byte-identical except solution.xml", () => {
        expect(names(managed)).toEqual(names(unmanaged));
        const differing = unmanaged
            .filter((record, index) => !record.data.equals(managed[index].data))
            .map((record) => record.name);
        expect(differing).toEqual(["solution.xml"]);
    });

    test("solution.xml differs only in <Managed>: 0 unmanaged, 1 managed", () => {
        const ours = entryText(unmanaged, "solution.xml");
        const theirs = entryText(managed, "solution.xml");
        expect(child(child(parseXmlText(theirs), "SolutionManifest"), "Managed").text).toBe("1");
        expect(theirs.replace("<Managed>1</Managed>", "<Managed>0</Managed>")).toBe(ours);
    });
});

describe("reproducibility", () => {
    test("packing the same inputs again gives byte-identical zips", async () => {
        const again = await packSolution(workspace.options({ outDir: join(workspace.root, "second") }));
        expect(again.zips.map((zip) => zip.sha256)).toEqual(result.zips.map((zip) => zip.sha256));
        for (const [index, zip] of again.zips.entries()) {
            expect(readFileSync(zip.path).equals(readFileSync(result.zips[index].path))).toBe(true);
        }
    }, 30_000);
});
