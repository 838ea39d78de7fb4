import { relative } from "node:path";
import { formatProblem } from "../../connector/model/problem";
import { ReferenceData } from "../../reference/referencePaths";
import { SkippedCheck } from "../../reference/skippedChecks";
import { TemplateGenerationError } from "../template/errors";
import { generateLogicAppTemplate } from "../template/generate";
import { LOGIC_APP_OUTPUT_DIR, writeLogicAppTemplate } from "../template/writeTemplate";
import { validateLogicAppTemplate } from "./validateTemplate";

/**
 * The build's Logic Apps step: generate the template from connector/ and the portal flow, validate
 * it, and only when it is valid write logicapp/bin/. `errors` are the lines that fail the build;
 * `summary` the lines for the build's list of what it built.
 */
export interface LogicAppBuildResult {
    errors: string[];
    skipped: SkippedCheck[];
    summary: string[];
}

export function buildLogicAppTemplate(
    referenceData: ReferenceData,
    outDir: string = LOGIC_APP_OUTPUT_DIR,
): LogicAppBuildResult {
    let generated;
    try {
        generated = generateLogicAppTemplate();
    } catch (error) {
        if (!(error instanceof TemplateGenerationError)) throw error;
        return { errors: [`the Logic Apps template cannot be generated: ${error.message}`], skipped: [], summary: [] };
    }
    const { problems, skipped } = validateLogicAppTemplate(generated.template, { referenceData });
    if (problems.length > 0) {
        return {
            errors: [
                ...problems.map(formatProblem),
                `${problems.length} problem(s) in the generated Logic Apps template.`,
            ],
            skipped,
            summary: [],
        };
    }
    const written = writeLogicAppTemplate(generated, outDir);
    return {
        errors: [],
        skipped,
        summary: written.map(({ path, bytes }) => `logicapp   ${relative(process.cwd(), path)}  ${bytes} bytes`),
    };
}
