/**
 * `npx tsx tools/canvas/checkScreen.ts [<file.pa.yaml>...]` (default: the shipped screen): checks a
 * pa.yaml screen before it is pasted into Power Apps Studio — Microsoft's pa.yaml v3.0 schema (with
 * its two known defects patched; skipped, and said so, without the reference data), the Databricks
 * Job Trigger control's name and properties, and every formula's brackets and DatabricksJobs calls.
 * Exits 0 when every file passes, 1 naming the file, line and place of each problem, 2 on wrong arguments.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { command, EXIT, runAsProcess, UsageError } from "../common/cli";
import { loadConnector } from "../connector/model/connectorFiles";
import type { SwaggerDocument } from "../connector/model/swaggerModel";
import { DEFAULT_PATHS } from "../build/solution/paths";
import { readSolutionSource } from "../build/solution/solutionSource";
import { locateReferenceData } from "../reference/referencePaths";
import { formatSkipped, referenceSkip } from "../reference/skippedChecks";
import { compilePaSchema, PA_SCHEMA_CHECK, patchedPaSchema, readPaSchema } from "./paYamlSchema";
import { checkScreenText, formatScreenProblem, type ScreenCheckContext } from "./screenCheck";

export const SHIPPED_SCREEN = join("docs", "canvas", "DatabricksJobScreen.pa.yaml");

/** What the check compares a screen with, read from this repository and the reference data. */
export function screenCheckContext(
    rootDir: string,
    env: NodeJS.ProcessEnv,
): { context: ScreenCheckContext; skipped?: string } {
    const definition = loadConnector(join(rootDir, DEFAULT_PATHS.connector)).apiDefinition as SwaggerDocument;
    const { controlName } = readSolutionSource(join(rootDir, DEFAULT_PATHS.source));
    const reference = locateReferenceData(env, rootDir);
    const skip = referenceSkip(PA_SCHEMA_CHECK, reference);
    return {
        context: {
            definition,
            componentName: controlName,
            validateSchema: skip ? undefined : compilePaSchema(patchedPaSchema(readPaSchema(reference))),
        },
        skipped: skip && formatSkipped(skip),
    };
}

export const main = command({
    name: "tools/canvas/checkScreen.ts",
    usage: "Usage: npx tsx tools/canvas/checkScreen.ts [<file.pa.yaml>...]   (default: docs/canvas/DatabricksJobScreen.pa.yaml)",
    options: {},
    positionals: true,
    run({ positionals }, io) {
        const files = (positionals.length > 0 ? positionals : [SHIPPED_SCREEN]).map((file) =>
            resolve(io.rootDir, file),
        );
        for (const file of files) if (!existsSync(file)) throw new UsageError(`${file} does not exist.`);
        const { context, skipped } = screenCheckContext(io.rootDir, io.env);
        if (skipped) io.stderr(`${skipped}\n`);
        let failed = 0;
        for (const file of files) {
            const shown = relative(io.rootDir, file).startsWith("..") ? file : relative(io.rootDir, file);
            const problems = checkScreenText(readFileSync(file, "utf8"), context);
            if (problems.length === 0) {
                io.stdout(
                    `${shown}: ready to paste (${skipped ? "formulas and control" : "schema, formulas and control"} checked).\n`,
                );
                continue;
            }
            failed += 1;
            io.stderr(`${problems.map((problem) => formatScreenProblem(shown, problem)).join("\n")}\n`);
        }
        return failed === 0 ? EXIT.ok : EXIT.failed;
    },
});

if (require.main === module) runAsProcess(main);
