import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PackError } from "./errors";
import { attributeOf, childElements, onlyChild, parseXml } from "./xml";

export const MANIFEST_FILE = "ControlManifest.xml";

/** The built control, ready to go under Controls/<name>/ in the zip. */
export interface ControlPart {
    /** `<prefix>_<namespace>.<constructor>`: the folder and the CustomControl's Name. */
    name: string;
    namespace: string;
    constructorName: string;
    /** The version the build wrote (from ControlManifest.Input.xml), before the packer stamped its own. */
    builtVersion: string;
    /** Paths relative to the control folder, in zip order: css, resx, other resources, code, manifest. */
    files: Array<{ path: string; data: Buffer }>;
}

/**
 * Reads what `npm run build` wrote to out/controls/<constructor>/: the processed manifest and the
 * files its <resources> name. Fails when the output is missing, is a development build, or is a
 * control other than the one Solution.xml names.
 */
export function readControlOutput(
    dir: string,
    expectedName: string,
    publisherPrefix: string,
    controlVersion: string,
): ControlPart {
    const manifestPath = join(dir, MANIFEST_FILE);
    if (!existsSync(manifestPath)) {
        throw new PackError(
            `No control build output: ${manifestPath} does not exist. Run \`npm run build\` first (it builds the control in production mode).`,
        );
    }
    const doc = parseXml(readFileSync(manifestPath, "utf8"), manifestPath);
    const control = onlyChild(doc.root(), "control", manifestPath);
    const namespace = attributeOf(control, "namespace") ?? "";
    const constructorName = attributeOf(control, "constructor") ?? "";
    const name = `${publisherPrefix}_${namespace}.${constructorName}`;
    if (name !== expectedName) {
        throw new PackError(
            `The built control's manifest (${manifestPath}) has namespace "${namespace}" and constructor "${constructorName}", ` +
                `so its solution name is "${name}", but Solution.xml's root component of type 66 is "${expectedName}". ` +
                `Namespace and constructor are the control's identity in Dataverse: change them only together with Solution.xml.`,
        );
    }

    const resources = onlyChild(control, "resources", manifestPath);
    const pathsOf = (kind: string) =>
        childElements(resources, kind).map((element) => attributeOf(element, "path") ?? "");
    const code = pathsOf("code");
    if (code.length !== 1) throw new PackError(`${manifestPath}: expected one <code> resource, found ${code.length}.`);
    const otherResources = ["img", "html"].flatMap(pathsOf);
    const ordered = [...pathsOf("css"), ...pathsOf("resx"), ...otherResources, ...code];

    const files = ordered.map((path) => {
        if (path === "" || path.includes("..") || path.startsWith("/"))
            throw new PackError(`${manifestPath}: resource path "${path}" is not a relative path inside the control.`);
        const full = join(dir, path);
        if (!existsSync(full))
            throw new PackError(
                `Incomplete control build output: ${full}, named in ${manifestPath}, does not exist. Run \`npm run build\`.`,
            );
        return { path, data: readFileSync(full) };
    });
    const bundle = files[files.length - 1];
    const development = developmentBuildSign(bundle.data.toString("utf8"));
    if (development) {
        throw new PackError(
            `${join(dir, bundle.path)} is a development build (${development}), as \`npm start\` writes it. ` +
                `Run \`npm run build\` to build the control in production mode before packing.`,
        );
    }

    const builtVersion = attributeOf(control, "version") ?? "";
    (control.node as unknown as { setAttribute(name: string, value: string): void }).setAttribute(
        "version",
        controlVersion,
    );
    const manifest = doc.end({ prettyPrint: true, indent: "  ", newline: "\n", spaceBeforeSlash: false });
    files.push({ path: MANIFEST_FILE, data: Buffer.from(manifest, "utf8") });
    return { name, namespace, constructorName, builtVersion, files };
}

/**
 * pcf-scripts' development build (`npm start`, `--buildMode development`) uses webpack's "eval"
 * devtool: the bundle starts with webpack's "ATTENTION: The "eval" devtool has been used" banner and
 * wraps every module in eval() with a `//# sourceURL=webpack://` comment. The production build is
 * minified and has none of these, nor a source map link. Returns what gave a development build
 * away, or undefined for a production bundle.
 */
export function developmentBuildSign(bundle: string): string | undefined {
    if (bundle.includes('The "eval" devtool has been used')) return `webpack's "eval" devtool banner`;
    if (/\/\/# sourceURL=webpack:\/\//.test(bundle)) return "eval'd modules with webpack:// source URLs";
    if (/\/\/# sourceMappingURL=/.test(bundle)) return "a source map link";
    return undefined;
}
