import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoPath } from "../../common/repoPaths";
import { GeneratedTemplate } from "./generate";

/** Where `npm run build` writes the twin, and under which names (logicapp/README.md, the deployer). */
export const LOGIC_APP_OUTPUT_DIR = repoPath("logicapp", "bin");
export const TEMPLATE_FILE = "azuredeploy.json";
export const PARAMETERS_EXAMPLE_FILE = "azuredeploy.parameters.example.json";

/** Pretty JSON with a final newline: the same input always gives the same bytes. */
export const templateText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Writes the template and the example parameters file; returns their paths and sizes in bytes. */
export function writeLogicAppTemplate(
    generated: GeneratedTemplate,
    dir: string = LOGIC_APP_OUTPUT_DIR,
): Array<{ path: string; bytes: number }> {
    mkdirSync(dir, { recursive: true });
    return [
        [TEMPLATE_FILE, generated.template],
        [PARAMETERS_EXAMPLE_FILE, generated.parametersExample],
    ].map(([name, value]) => {
        const path = join(dir, name as string);
        const text = templateText(value);
        writeFileSync(path, text);
        return { path, bytes: Buffer.byteLength(text) };
    });
}
