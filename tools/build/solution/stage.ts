/**
 * Writes the solution in SolutionPackager's folder layout, for Microsoft's tools:
 *
 *   tsx tools/build/solution/stage.ts --connector-parts <dir> [--without-script-check]
 *     The connector's generated parts (<name>_openapidefinition.json, _connectionparameters.json,
 *     _policytemplateinstances.json, _customcodeblobcontent.csx, _iconblob.Png) into <dir>. The
 *     .cdsproj runs this into solution/src/Connectors before SolutionPackager packs src; the
 *     <Connector> node itself, Connectors/<name>.xml, is source.
 *
 *   tsx tools/build/solution/stage.ts --unpacked <dir>
 *     The whole solution as `pac solution unpack --packagetype Both` lays it out (Other/, Workflows/,
 *     Controls/, Connectors/, environmentvariabledefinitions/), from the same inputs as the zips, for
 *     `pac solution pack --folder <dir>`.
 *
 * Both read what pack.ts reads and refuse the same bad states. --without-script-check leaves out the
 * one check that needs Mono (compiling and running script.csx): the .cdsproj passes it because a
 * Windows `dotnet build` rarely has Mono, while `npm run build` and `npm test` run that check.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { create } from "xmlbuilder2";
import { formatSkipped, SkippedCheck } from "../../reference/skippedChecks";
import { PackError } from "./errors";
import { loadConnectorValidation } from "./defaultValidation";
import { DEFAULT_PATHS, readSolutionContent, SolutionContent } from "./packer";
import { onlyChild, parseXml, setText } from "./xml";
import { command, EXIT, runAsProcess, UsageError } from "../../common/cli";

const XSI = "http://www.w3.org/2001/XMLSchema-instance";

function unpackedXml(build: (doc: ReturnType<typeof create>) => void): string {
    const doc = create({ version: "1.0", encoding: "utf-8" });
    build(doc);
    return doc.end({ prettyPrint: true, indent: "  ", newline: "\r\n", spaceBeforeSlash: true });
}

function write(path: string, data: Buffer | string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
}

export function writeConnectorParts(content: SolutionContent, dir: string): string[] {
    return content.connector.files.map((file) => {
        const target = join(dir, file.path.slice("Connector/".length));
        write(target, file.data);
        return target;
    });
}

export function writeUnpacked(content: SolutionContent, dir: string): void {
    rmSync(dir, { recursive: true, force: true });
    const { source, control, connector, versions } = content;
    cpSync(join(source.dir, "Other"), join(dir, "Other"), { recursive: true });
    const solutionFile = join(source.dir, "Other", "Solution.xml");
    const solution = parseXml(source.solutionXml, solutionFile);
    setText(
        onlyChild(onlyChild(solution.root(), "SolutionManifest", solutionFile), "Version", solutionFile),
        versions.solution,
    );
    write(
        join(dir, "Other", "Solution.xml"),
        solution.end({ prettyPrint: true, indent: "  ", newline: "\r\n", spaceBeforeSlash: true }),
    );

    // The flows stay as pac keeps them: the JSON and its <Workflow> node, Workflows/<Name>-<GUID>.json(.data.xml).
    if (source.workflows.length > 0) cpSync(join(source.dir, "Workflows"), join(dir, "Workflows"), { recursive: true });

    // Environment variable definitions have the same layout unpacked and in the zip.
    for (const definition of source.environmentVariables)
        write(join(dir, ...definition.entryPath.split("/")), readFileSync(definition.file));

    const controlDir = join(dir, "Controls", control.name);
    for (const file of control.files) write(join(controlDir, file.path), file.data);
    write(
        join(controlDir, "ControlManifest.xml.data.xml"),
        unpackedXml((doc) =>
            doc
                .ele("CustomControl", { "xmlns:xsi": XSI })
                .ele("Name")
                .txt(control.name)
                .up()
                .ele("FileName")
                .txt(`/Controls/${control.name}/ControlManifest.xml`),
        ),
    );

    const connectorsDir = join(dir, "Connectors");
    writeConnectorParts(content, connectorsDir);
    write(
        join(connectorsDir, `${source.connector.name}.xml`),
        unpackedXml((doc) => {
            const node = doc.ele("Connector", { "xmlns:xsi": XSI });
            for (const [field, value] of connector.fields) node.ele(field).txt(value);
        }),
    );
}

const USAGE =
    "Usage: tsx tools/build/solution/stage.ts --connector-parts <dir> | --unpacked <dir> [--without-script-check]";

export const main = command({
    name: "tools/build/solution/stage.ts",
    usage: USAGE,
    options: {
        "connector-parts": { type: "string" },
        unpacked: { type: "string" },
        "without-script-check": { type: "boolean" },
    },
    failures: [PackError],
    failurePrefix: "Solution staging failed: ",
    async run({ options }, context) {
        const partsDir = options["connector-parts"];
        const target = resolve(partsDir ?? options.unpacked ?? "");
        if ((partsDir === undefined) === (options.unpacked === undefined))
            throw new UsageError("Give one of --connector-parts <dir> and --unpacked <dir>.");
        const skippedChecks: SkippedCheck[] = [];
        const validateConnector = await loadConnectorValidation({
            runScript: !options["without-script-check"],
            onSkipped: (skipped) => skippedChecks.push(...skipped),
        });
        const content = await readSolutionContent({ rootDir: context.rootDir, validateConnector });
        for (const warning of content.connector.drift)
            console.warn(`warning: ${join(DEFAULT_PATHS.source, "Connectors")}: ${warning}`);
        for (const check of skippedChecks) console.warn(`warning: ${formatSkipped(check)}`);
        if (partsDir !== undefined) {
            for (const written of writeConnectorParts(content, target)) console.log(`  ${written}`);
        } else {
            writeUnpacked(content, target);
            console.log(
                `Solution ${content.versions.solution} unpacked to ${target}; pack it with: pac solution pack --folder "${target}" --zipfile <zip> --packagetype Both`,
            );
        }
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
