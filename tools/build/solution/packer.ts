import { join, resolve } from "node:path";
import { formatSkipped, SkippedCheck } from "../../reference/skippedChecks";
import { loadConnectorValidation } from "./defaultValidation";
import {
    clearStaleOutput,
    CONTENT_TYPES_ENTRY,
    contentTypesXml,
    ensureDir,
    sha256,
    writeAllOrNothing,
    ZipEntry,
    zipEntries,
} from "./archive";
import { ConnectorPart, ConnectorValidation, readConnectorPart } from "./connectorParts";
import { ControlPart, readControlOutput } from "./controlOutput";
import { bindConnectorToEnvironmentVariables } from "./environmentVariables";
import { PackError } from "./errors";
import { readSolutionSource, SolutionSource } from "./solutionSource";
import { appendElementCopy, workflowEntryData } from "./workflowSource";
import { productVersions, ProductVersions, readPackageVersion } from "./version";
import { exportXml, onlyChild, parseXml, setText } from "./xml";
import { DEFAULT_PATHS } from "./paths";

export interface PackOptions {
    /** The repository root; the other folders default to their places in it. */
    rootDir: string;
    /** The production control build: out/controls/TriggerControl. */
    controlDir?: string;
    /** The paconn-layout connector: connector/. */
    connectorDir?: string;
    /** The SolutionPackager-layout source: solution/src. */
    sourceDir?: string;
    /** Where the zips go: solution/bin. */
    outDir?: string;
    /** Defaults to package.json's "version". */
    packageVersion?: string;
    /**
     * Defaults to the full connector validator (tools/connector) with the reference data found by
     * tools/reference/referencePaths.ts; the checks it cannot run are named in the result's warnings.
     */
    validateConnector?: ConnectorValidation;
}

export interface PackedZip {
    path: string;
    managed: boolean;
    size: number;
    sha256: string;
}

export interface PackResult {
    versions: ProductVersions;
    zips: PackedZip[];
    /**
     * Things worth fixing that do not stop the pack: the sources a pac/dotnet build uses disagree, or
     * the default validation skipped a check ("skipped: <check> (<reason>: <remedy>)").
     */
    warnings: string[];
}

/** The solution's content before it is zipped: everything but the managed flag. */
export interface SolutionContent {
    source: SolutionSource;
    versions: ProductVersions;
    control: ControlPart;
    connector: ConnectorPart;
    /** The connector checks the default validation could not run; empty when the caller validated. */
    skippedChecks: SkippedCheck[];
}

export { DEFAULT_PATHS };

/**
 * Packs the unmanaged and the managed solution zip, or neither: any bad state throws a PackError
 * before a byte is written, and stale partial output is removed first.
 */
export async function packSolution(options: PackOptions): Promise<PackResult> {
    const rootDir = resolve(options.rootDir);
    const outDir = resolve(rootDir, options.outDir ?? DEFAULT_PATHS.out);
    clearStaleOutput(outDir);
    const versions = productVersions(options.packageVersion ?? readPackageVersion(rootDir));
    const source = readSolutionSource(resolve(rootDir, options.sourceDir ?? DEFAULT_PATHS.source));
    const targets = zipPaths(outDir, source.uniqueName, versions.solution);
    // Zips of this version from an earlier pack must not survive a failed one and pass for its output.
    clearStaleOutput(
        outDir,
        targets.map((target) => target.path),
    );

    const content = await readSolutionContent(options, versions, source);
    const zips = await Promise.all(
        targets.map(async (target) => ({
            ...target,
            data: await zipEntries(solutionEntries(content, target.managed)),
        })),
    );
    ensureDir(outDir);
    writeAllOrNothing(zips);
    return {
        versions,
        zips: zips.map(({ path, managed, data }) => ({ path, managed, size: data.length, sha256: sha256(data) })),
        warnings: sourceWarnings(content),
    };
}

/** solution/bin/<UniqueName>_<version>.zip and ..._managed.zip, the version's dots as underscores as in Dataverse's exports. */
export function zipPaths(
    outDir: string,
    uniqueName: string,
    solutionVersion: string,
): Array<{ managed: boolean; path: string }> {
    const baseName = `${uniqueName}_${solutionVersion.replace(/\./g, "_")}`;
    return [
        { managed: false, path: join(outDir, `${baseName}.zip`) },
        { managed: true, path: join(outDir, `${baseName}_managed.zip`) },
    ];
}

export async function readSolutionContent(
    options: PackOptions,
    knownVersions?: ProductVersions,
    knownSource?: SolutionSource,
): Promise<SolutionContent> {
    const rootDir = resolve(options.rootDir);
    const versions = knownVersions ?? productVersions(options.packageVersion ?? readPackageVersion(rootDir));
    const source = knownSource ?? readSolutionSource(resolve(rootDir, options.sourceDir ?? DEFAULT_PATHS.source));
    const control = readControlOutput(
        resolve(rootDir, options.controlDir ?? DEFAULT_PATHS.control),
        source.controlName,
        source.publisherPrefix,
        versions.control,
    );
    const skippedChecks: SkippedCheck[] = [];
    const validate =
        options.validateConnector ??
        (await loadConnectorValidation({ onSkipped: (skipped) => skippedChecks.push(...skipped) }));
    const connectorPart = await readConnectorPart(
        resolve(rootDir, options.connectorDir ?? DEFAULT_PATHS.connector),
        source.connector,
        versions.connector,
        validate,
    );
    const connector = bindConnectorToEnvironmentVariables(
        connectorPart,
        source.environmentVariables,
        source.workflows,
        source.dir,
    );
    return { source, versions, control, connector, skippedChecks };
}

/**
 * The zip's entries in Dataverse's export order: customizations.xml, [Content_Types].xml,
 * solution.xml, then the cloud flows (Workflows/<Name>-<GUID>.json, compact JSON), the control's
 * files, the connector's, then the environment variable definitions.
 */
export function solutionEntries(content: SolutionContent, managed: boolean): ZipEntry[] {
    const { control, connector } = content;
    const parts: ZipEntry[] = [
        ...content.source.workflows.map((workflow) => ({
            path: workflow.entryPath,
            data: workflowEntryData(workflow),
        })),
        ...control.files.map((file) => ({ path: `Controls/${control.name}/${file.path}`, data: file.data })),
        ...connector.files,
        ...content.source.environmentVariables.map((definition) => ({
            path: definition.entryPath,
            data: Buffer.from(definition.exportText, "utf8"),
        })),
    ];
    const customizations = { path: "customizations.xml", data: Buffer.from(customizationsXml(content), "utf8") };
    const solution = { path: "solution.xml", data: Buffer.from(solutionXml(content, managed), "utf8") };
    const contentTypes = contentTypesXml([customizations.path, solution.path, ...parts.map((part) => part.path)]);
    return [customizations, { path: CONTENT_TYPES_ENTRY, data: contentTypes }, solution, ...parts];
}

/**
 * solution.xml: the source's Other/Solution.xml with the version stamped and <Managed> set. This
 * flag is the whole difference between the two zips: a managed export differs from an unmanaged one
 * only in the components that have managed properties of their own (entities, forms, ...), and
 * custom controls and connectors have none (pac solution unpack --packagetype Both keeps no
 * *_managed.xml for them).
 */
export function solutionXml(content: SolutionContent, managed: boolean): string {
    const file = join(content.source.dir, "Other", "Solution.xml");
    const doc = parseXml(content.source.solutionXml, file);
    const manifest = onlyChild(doc.root(), "SolutionManifest", file);
    setText(onlyChild(manifest, "Version", file), content.versions.solution);
    setText(onlyChild(manifest, "Managed", file), managed ? "1" : "0");
    return exportXml(doc);
}

/**
 * customizations.xml: the source's Other/Customizations.xml (with its <connectionreferences>) with
 * the cloud flows, the control and the connector registered.
 */
export function customizationsXml(content: SolutionContent): string {
    const file = join(content.source.dir, "Other", "Customizations.xml");
    const doc = parseXml(content.source.customizationsXml, file);
    const root = doc.root();
    const workflows = onlyChild(root, "Workflows", file);
    const customControls = onlyChild(root, "CustomControls", file);
    const connectors = onlyChild(root, "Connectors", file);
    if (
        workflows.node.childNodes.length > 0 ||
        customControls.node.childNodes.length > 0 ||
        connectors.node.childNodes.length > 0
    ) {
        throw new PackError(
            `${file}: <Workflows>, <CustomControls> and <Connectors> must be empty in the source; the packer fills them from Workflows/, Controls/ and Connectors/.`,
        );
    }
    for (const workflow of content.source.workflows) appendElementCopy(workflows, workflow.node);
    customControls
        .ele("CustomControl")
        .ele("Name")
        .txt(content.control.name)
        .up()
        .ele("FileName")
        .txt(`/Controls/${content.control.name}/ControlManifest.xml`);
    const connector = connectors.ele("Connector");
    for (const [field, value] of content.connector.fields) connector.ele(field).txt(value);
    return exportXml(doc);
}

/**
 * The zips carry package.json's version whatever the sources say; a pac/dotnet build takes the
 * sources' own versions, so each one that differs is worth a warning.
 */
function sourceWarnings({ source, versions, control, connector, skippedChecks }: SolutionContent): string[] {
    const warnings: string[] = [];
    const differs = (file: string, found: string, packed: string) =>
        `${file} says version ${found}; the zips carry ${packed} from package.json. A pac/dotnet build uses the file's version.`;
    if (source.sourceVersion !== versions.solution)
        warnings.push(differs(join(source.dir, "Other", "Solution.xml"), source.sourceVersion, versions.solution));
    if (control.builtVersion !== versions.control)
        warnings.push(
            differs("The control manifest (ControlManifest.Input.xml)", control.builtVersion, versions.control),
        );
    if (connector.sourceVersion !== versions.connector)
        warnings.push(
            differs(
                "The connector's apiDefinition.swagger.json (info.version)",
                connector.sourceVersion,
                versions.connector,
            ),
        );
    for (const difference of connector.drift)
        warnings.push(`${source.connector.file}: ${difference}. A pac/dotnet build uses the file's value.`);
    for (const check of skippedChecks) warnings.push(formatSkipped(check));
    return warnings;
}
