import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import JSZip from "jszip";
import { create } from "xmlbuilder2";
import { ConnectorFiles } from "../../tools/connector/model/connectorFiles";
import { DatabricksReference } from "../../tools/connector/validator/databricksReference";
import { Problem } from "../../tools/connector/model/problem";
import { validateConnector } from "../../tools/connector/validator/validator";
import { PackOptions } from "../../tools/build/solution/packer";
import { needsReference, referenceData, referenceDir, REFERENCE_CHECKS } from "../support/reference";
import { REPO_ROOT } from "../../tools/common/repoPaths";
import { readZipDirectory, type ZipDirectoryEntry } from "../../tools/common/zipDirectory";

export const REPO = REPO_ROOT;
export const CONNECTOR_DIR = join(REPO, "connector");
export const SOURCE_DIR = join(REPO, "solution", "src");
const CONTROL_SOURCE_DIR = join(REPO, "TriggerControl");

/** A production-like bundle: minified, no eval, no source map (what pcf-scripts --buildMode production writes). */
export const PRODUCTION_BUNDLE =
    '/*! For license information please see bundle.js.LICENSE.txt */\nvar pcf_tools_fixture;(()=>{"use strict";var e={};pcf_tools_fixture=e})();';

/** The start of a development bundle, as `npm start` (webpack's eval devtool) writes it. */
export const DEVELOPMENT_BUNDLE =
    '/*\n * ATTENTION: The "eval" devtool has been used (maybe by default in mode: "development").\n */\n' +
    'var pcf_tools_fixture;(()=>{var __webpack_modules__=({"./TriggerControl/index.ts":(()=>{eval("var x = 1;\\n\\n//# sourceURL=webpack://pcf_tools_fixture/./TriggerControl/index.ts?");})});})();';

/**
 * A temporary repository to pack from: a copy of solution/src and connector/, a package.json, and a
 * control build output made from the real ControlManifest.Input.xml (the manifest as pcf-scripts
 * processes it, with the real css and resx, and a stand-in bundle). Tests break the copy, never the
 * real sources.
 */
export interface Workspace {
    root: string;
    controlDir: string;
    connectorDir: string;
    sourceDir: string;
    outDir: string;
    options(extra?: Partial<PackOptions>): PackOptions;
    remove(): void;
}

export function makeWorkspace(packageVersion = "2.3.4", validate?: PackOptions["validateConnector"]): Workspace {
    const root = mkdtempSync(join(tmpdir(), "solution-pack-"));
    const controlDir = join(root, "out", "controls", "TriggerControl");
    const connectorDir = join(root, "connector");
    const sourceDir = join(root, "solution", "src");
    const outDir = join(root, "solution", "bin");
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "fixture", version: packageVersion }));
    cpSync(SOURCE_DIR, sourceDir, { recursive: true });
    cpSync(CONNECTOR_DIR, connectorDir, { recursive: true });
    writeControlOutput(controlDir);
    return {
        root,
        controlDir,
        connectorDir,
        sourceDir,
        outDir,
        options: (extra = {}) => ({ rootDir: root, validateConnector: validate, ...extra }),
        remove: () => rmSync(root, { recursive: true, force: true }),
    };
}

/** What pcf-scripts writes for the control: ControlManifest.xml with <code path="bundle.js">, bundle.js, css/, strings/. */
export function writeControlOutput(dir: string, bundle = PRODUCTION_BUNDLE): void {
    mkdirSync(dir, { recursive: true });
    const doc = create(readFileSync(join(CONTROL_SOURCE_DIR, "ControlManifest.Input.xml"), "utf8"));
    const resources = doc.root().find((node) => node.node.nodeName === "resources", false, true);
    if (!resources) throw new Error("the control manifest has no <resources>");
    resources.each(
        (resource) => {
            if (resource.node.nodeType !== 1) return;
            const element = resource.node as unknown as Element;
            const path = element.getAttribute("path");
            if (path === null) return;
            if (element.nodeName === "code") {
                element.setAttribute("path", "bundle.js");
            } else {
                mkdirSync(dirname(join(dir, path)), { recursive: true });
                cpSync(join(CONTROL_SOURCE_DIR, path), join(dir, path));
            }
        },
        false,
        false,
    );
    writeFileSync(join(dir, "ControlManifest.xml"), doc.end({ prettyPrint: true }));
    writeFileSync(join(dir, "bundle.js"), bundle);
}

export function editFile(path: string, edit: (text: string) => string): void {
    writeFileSync(path, edit(readFileSync(path, "utf8")));
}

let reference: Promise<DatabricksReference> | undefined;

/**
 * The connector validator of tools/connector, without compiling script.csx under Mono: the script
 * is compiled and run by tests/connector and by `npm run build`, and these tests need only the
 * validator's verdict on the other files (a Mono compile costs seconds per pack). The checks that
 * need reference data run when it is here; tests/connector covers them.
 */
export async function connectorValidation(files: ConnectorFiles): Promise<Problem[]> {
    if (needsReference(REFERENCE_CHECKS.databricksConformance).available)
        reference ??= DatabricksReference.load(referenceDir());
    const { problems } = await validateConnector(files, {
        referenceData: referenceData(),
        runScript: false,
        databricks: await reference,
    });
    return problems;
}

/** One entry of a zip as its central directory records it, with its uncompressed bytes. */
export interface ZipRecord extends ZipDirectoryEntry {
    data: Buffer;
}

/** The entries of a zip in central-directory order (method and times as written), inflated with JSZip. */
export async function readZip(bytes: Buffer): Promise<ZipRecord[]> {
    const zip = await JSZip.loadAsync(bytes);
    const records: ZipRecord[] = [];
    for (const entry of await readZipDirectory(bytes)) {
        const file = zip.file(entry.name);
        records.push({ ...entry, data: file ? await file.async("nodebuffer") : Buffer.alloc(0) });
    }
    return records;
}

export function entryText(records: readonly ZipRecord[], name: string): string {
    const record = records.find((entry) => entry.name === name);
    if (!record) throw new Error(`no entry ${name}; entries: ${records.map((entry) => entry.name).join(", ")}`);
    return record.data.toString("utf8");
}
