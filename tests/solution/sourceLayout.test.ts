import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { readSolutionContent, SolutionContent } from "../../tools/build/solution/packer";
import { writeUnpacked } from "../../tools/build/solution/stage";
import { needsReference, referenceFile, REFERENCE_CHECKS } from "../support/reference";
import { CONNECTOR_DIR, makeWorkspace, REPO, SOURCE_DIR, Workspace } from "./workspace";
import { child, parseXmlText, XmlElement } from "./xmlRead";

const CONTROL = "dbxjt_DatabricksJobTrigger.TriggerControl";
const CONNECTOR = "dbxjt_5Fdatabricks-20jobs";
const WORKFLOW_FILE = "RunaDatabricksjobandwait-9A6A247F-CA1B-45CB-A588-06B14F5B0CE5.json";
const PORTAL_WORKFLOW_FILE = "DatabricksjobforPowerPages-E1E681A1-10B6-4AD7-86FC-9321D828627A.json";
const unpackedSolution = (...parts: string[]) => referenceFile(["dataverse-solutions", ...parts].join("/"));
const unpackedSolutions = needsReference(REFERENCE_CHECKS.unpackedSolutions);

let workspace: Workspace;
let content: SolutionContent;

beforeAll(async () => {
    workspace = makeWorkspace("0.9.1");
    // The real solution source and connector; validation has its own tests (badStates, tests/connector).
    content = await readSolutionContent({
        rootDir: workspace.root,
        sourceDir: SOURCE_DIR,
        connectorDir: CONNECTOR_DIR,
        validateConnector: async () => [],
    });
});

afterAll(() => workspace.remove());

function files(root: string, dir = root): string[] {
    return readdirSync(dir).flatMap((entry) => {
        const full = join(dir, entry);
        return statSync(full).isDirectory() ? files(root, full) : [relative(root, full).split("\\").join("/")];
    });
}

const shape = (element: XmlElement): unknown => ({ name: element.name, children: element.children.map(shape) });

test("Connectors/<name>.xml agrees with connector/ (what a pac or dotnet build packs is what npm run build packs)", () => {
    expect(content.connector.drift).toEqual([]);
});

describe("stage.ts --unpacked: the solution in pac's unpacked layout", () => {
    let dir: string;

    beforeAll(() => {
        dir = join(workspace.root, "unpacked");
        writeUnpacked(content, dir);
    });

    test("has Other/, Workflows/ with the flows and their data.xml, Controls/<name>/ with its data.xml, Connectors/ with the node and its parts, and environmentvariabledefinitions/", () => {
        expect(files(dir).sort()).toEqual(
            [
                "Other/Solution.xml",
                "Other/Customizations.xml",
                "Other/Relationships.xml",
                `Workflows/${WORKFLOW_FILE}`,
                `Workflows/${WORKFLOW_FILE}.data.xml`,
                `Workflows/${PORTAL_WORKFLOW_FILE}`,
                `Workflows/${PORTAL_WORKFLOW_FILE}.data.xml`,
                `Controls/${CONTROL}/ControlManifest.xml`,
                `Controls/${CONTROL}/ControlManifest.xml.data.xml`,
                `Controls/${CONTROL}/bundle.js`,
                `Controls/${CONTROL}/css/TriggerControl.css`,
                ...["1031", "1033", "1036", "3082"].map(
                    (lcid) => `Controls/${CONTROL}/strings/TriggerControl.${lcid}.resx`,
                ),
                `Connectors/${CONNECTOR}.xml`,
                ...[
                    "openapidefinition.json",
                    "connectionparameters.json",
                    "policytemplateinstances.json",
                    "customcodeblobcontent.csx",
                    "iconblob.Png",
                ].map((part) => `Connectors/${CONNECTOR}_${part}`),
                ...["dbxjt_DatabricksClientId", "dbxjt_DatabricksClientSecret", "dbxjt_PortalAllowedJobIds"].map(
                    (name) => `environmentvariabledefinitions/${name}/environmentvariabledefinition.xml`,
                ),
            ].sort(),
        );
    });

    test("the generated <Connector> node is the tracked source file", () => {
        const generated = parseXmlText(readFileSync(join(dir, "Connectors", `${CONNECTOR}.xml`), "utf8"));
        const tracked = parseXmlText(readFileSync(join(SOURCE_DIR, "Connectors", `${CONNECTOR}.xml`), "utf8"));
        expect(generated).toEqual(tracked);
    });

    unpackedSolutions.test(
        "the control's data.xml and the Connector node have the reference unpacked solutions' shape",
        () => {
            const data = parseXmlText(
                readFileSync(join(dir, "Controls", CONTROL, "ControlManifest.xml.data.xml"), "utf8"),
            );
            const referenceData = parseXmlText(
                readFileSync(
                    unpackedSolution(
                        "creator-kit-unpacked",
                        "Controls",
                        "cat_PowerCAT.CommandBar",
                        "ControlManifest.xml.data.xml",
                    ),
                    "utf8",
                ),
            );
            expect(shape(data)).toEqual(shape(referenceData));
            expect(child(data, "FileName").text).toBe(`/Controls/${CONTROL}/ControlManifest.xml`);
            const connector = parseXmlText(readFileSync(join(dir, "Connectors", `${CONNECTOR}.xml`), "utf8"));
            const referenceConnector = parseXmlText(
                readFileSync(
                    unpackedSolution(
                        "coe-starter-kit-unpacked-connector",
                        "Connectors",
                        "admin_5Foffice-20365-20management-20api.xml",
                    ),
                    "utf8",
                ),
            );
            const referenceFields = referenceConnector.children.map((element) => element.name);
            expect(
                connector.children.map((element) => element.name).filter((name) => referenceFields.includes(name)),
            ).toEqual(referenceFields);
        },
    );

    test("the flow and its data.xml are the source files, byte for byte", () => {
        for (const file of [WORKFLOW_FILE, `${WORKFLOW_FILE}.data.xml`]) {
            expect(
                readFileSync(join(dir, "Workflows", file)).equals(readFileSync(join(SOURCE_DIR, "Workflows", file))),
            ).toBe(true);
        }
    });

    test("Solution.xml carries the version; Customizations.xml leaves <Workflows>, <CustomControls> and <Connectors> empty for the packager and keeps its connection reference", () => {
        expect(
            child(
                child(parseXmlText(readFileSync(join(dir, "Other", "Solution.xml"), "utf8")), "SolutionManifest"),
                "Version",
            ).text,
        ).toBe("0.9.1.0");
        expect(
            child(
                child(parseXmlText(readFileSync(join(dir, "Other", "Solution.xml"), "utf8")), "SolutionManifest"),
                "Managed",
            ).text,
        ).toBe("2");
        const customizations = parseXmlText(readFileSync(join(dir, "Other", "Customizations.xml"), "utf8"));
        expect(child(customizations, "CustomControls").children).toEqual([]);
        expect(child(customizations, "Connectors").children).toEqual([]);
        expect(child(customizations, "Workflows").children).toEqual([]);
        expect(
            child(customizations, "connectionreferences").children.map(
                (reference) => reference.attributes.connectionreferencelogicalname,
            ),
        ).toEqual(["dbxjt_DatabricksJobsConnection", "dbxjt_DatabricksJobsPortalConnection"]);
    });
});

describe("the Microsoft build projects", () => {
    const project = (path: string) => parseXmlText(readFileSync(join(REPO, path), "utf8"));
    const all = (element: XmlElement, name: string): XmlElement[] => [
        ...element.children.filter((candidate) => candidate.name === name),
        ...element.children.flatMap((candidate) => all(candidate, name)),
    ];

    test("the .cdsproj packs src, both package types, and references the .pcfproj at the repository root", () => {
        const cdsproj = project("solution/DatabricksJobTriggerSolution.cdsproj");
        expect(all(cdsproj, "SolutionRootPath").map((element) => element.text)).toEqual(["src"]);
        expect(all(cdsproj, "SolutionPackageType").map((element) => element.text)).toEqual(["Both"]);
        const references = all(cdsproj, "ProjectReference").map((element) => element.attributes.Include);
        expect(references).toEqual(["..\\DatabricksJobTrigger.pcfproj"]);
        expect(existsSync(join(REPO, "solution", references[0].replace(/\\/g, "/")))).toBe(true);
        expect(all(cdsproj, "PackageReference").map((element) => element.attributes.Include)).toEqual([
            "Microsoft.PowerApps.MSBuild.Solution",
            "Microsoft.NETFramework.ReferenceAssemblies",
        ]);
        expect(all(cdsproj, "Exec").map((element) => element.attributes.Command)).toEqual([
            'npx --no-install tsx tools/build/solution/stage.ts --connector-parts "$(MSBuildThisFileDirectory)src/Connectors" --without-script-check',
        ]);
        expect(existsSync(join(REPO, "tools", "build", "solution", "stage.ts"))).toBe(true);
    });

    test("the .pcfproj builds in production mode into pcfconfig.json's outDir", () => {
        const pcfproj = project("DatabricksJobTrigger.pcfproj");
        expect(all(pcfproj, "OutputPath").map((element) => element.text)).toEqual([
            "$(MSBuildThisFileDirectory)out\\controls",
        ]);
        expect(JSON.parse(readFileSync(join(REPO, "pcfconfig.json"), "utf8")).outDir).toBe("./out/controls");
        expect(all(pcfproj, "PcfBuildMode").map((element) => element.text)).toEqual(["production"]);
        expect(all(pcfproj, "PackageReference").map((element) => element.attributes.Include)).toEqual([
            "Microsoft.PowerApps.MSBuild.Pcf",
            "Microsoft.NETFramework.ReferenceAssemblies",
        ]);
    });
});
