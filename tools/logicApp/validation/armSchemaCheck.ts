import type { ErrorObject } from "ajv";
import AjvDraft04 from "ajv-draft-04";
import { readFileSync } from "node:fs";
import { describeSchemaError, withoutRepeatedErrors } from "../../common/jsonSchemaErrors";
import { problem, Problem } from "../../connector/model/problem";
import { ReferenceData } from "../../reference/referencePaths";
import { ReferenceCheck } from "../../reference/skippedChecks";
import { ArmTemplate, RESOURCE } from "../template/armTemplate";
import { ARM_SCHEMA_PATCHES, ArmSchemaName, ArmSchemaPatch } from "./armSchemaPatches";

/**
 * The template against the reference ARM schemas: the envelope against deploymentTemplate.json,
 * each resource against its type's schema (with the envelope's resourceBase), with the named
 * patches of armSchemaPatches.ts. The schemas' "https://schema.management.azure.com/schemas/…" ids
 * are the files' paths under logic-apps/schemas/, so every $ref resolves locally.
 */

const SCHEMA_URL = "https://schema.management.azure.com/schemas/";
const SCHEMA_FILES: Record<ArmSchemaName | "common", string> = {
    deploymentTemplate: "2019-04-01/deploymentTemplate.json",
    web: "2016-06-01/Microsoft.Web.json",
    logic: "2019-05-01/Microsoft.Logic.json",
    common: "common/definitions.json",
};
const referenceFile = (name: keyof typeof SCHEMA_FILES) => `logic-apps/schemas/${SCHEMA_FILES[name]}`;

export const ARM_SCHEMA_CHECK: ReferenceCheck = {
    name: "Logic Apps template against the ARM schemas",
    files: (Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>).map(referenceFile),
};

/** The schema of each resource type the template may hold. */
const RESOURCE_SCHEMAS: Record<string, string> = {
    [`${RESOURCE.customApi.type}@${RESOURCE.customApi.apiVersion}`]: `${SCHEMA_URL}${SCHEMA_FILES.web}#/resourceDefinitions/customApis`,
    [`${RESOURCE.connection.type}@${RESOURCE.connection.apiVersion}`]: `${SCHEMA_URL}${SCHEMA_FILES.web}#/resourceDefinitions/connections`,
    [`${RESOURCE.workflow.type}@${RESOURCE.workflow.apiVersion}`]: `${SCHEMA_URL}${SCHEMA_FILES.logic}#/resourceDefinitions/workflows`,
};

type Validator = ReturnType<AjvDraft04["compile"]>;
interface Validators {
    envelope: Validator;
    resources: Map<string, Validator>;
}
const cache = new Map<string, Validators>();

function compile(referenceData: ReferenceData, patches: readonly ArmSchemaPatch[]): Validators {
    const key = `${referenceData.dir ?? ""}|${patches.map((patch) => patch.name).join(",")}`;
    const cached = cache.get(key);
    if (cached) return cached;
    // Ajv's strict mode would judge Microsoft's schemas themselves (unknown formats, "id" beside "$ref"), which are not ours to fix.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false });
    for (const name of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) {
        const schema = JSON.parse(readFileSync(referenceData.path(referenceFile(name)), "utf8")) as Record<
            string,
            unknown
        >;
        for (const patch of patches.filter((candidate) => candidate.schema === name)) {
            try {
                patch.apply(schema);
            } catch (error) {
                throw new Error(
                    `The ARM schema patch "${patch.name}" no longer fits ${SCHEMA_FILES[name]}: ${(error as Error).message}`,
                );
            }
        }
        ajv.addSchema(schema);
    }
    const base = `${SCHEMA_URL}${SCHEMA_FILES.deploymentTemplate}#/definitions/resourceBase`;
    const validators: Validators = {
        envelope: ajv.compile({ $ref: `${SCHEMA_URL}${SCHEMA_FILES.deploymentTemplate}#` }),
        resources: new Map(
            Object.entries(RESOURCE_SCHEMAS).map(([type, ref]) => [
                type,
                ajv.compile({ allOf: [{ $ref: base }, { $ref: ref }] }),
            ]),
        ),
    };
    cache.set(key, validators);
    return validators;
}

/** Ajv reports each failed branch of a oneOf; the bare "must match exactly one schema" summaries add nothing when a precise error exists. */
function significant(errors: readonly ErrorObject[]): ErrorObject[] {
    const precise = errors.filter((error) => !["oneOf", "anyOf", "allOf"].includes(error.keyword));
    return withoutRepeatedErrors(precise.length > 0 ? precise : errors);
}

export function checkArmSchemas(
    template: ArmTemplate,
    file: string,
    referenceData: ReferenceData,
    patches: readonly ArmSchemaPatch[] = ARM_SCHEMA_PATCHES,
): Problem[] {
    const validators = compile(referenceData, patches);
    const problems: Problem[] = [];
    const report = (errors: readonly ErrorObject[] | null | undefined, prefix: string, rule: string) => {
        for (const error of significant(errors ?? []))
            problems.push(problem(file, `${prefix}${error.instancePath}`, rule, describeSchemaError(error)));
    };
    if (!validators.envelope(template)) report(validators.envelope.errors, "", "schema:deploymentTemplate");
    (Array.isArray(template.resources) ? template.resources : []).forEach((resource, index) => {
        const type = `${String(resource?.type)}@${String(resource?.apiVersion)}`;
        const validate = validators.resources.get(type);
        if (validate === undefined) {
            problems.push(
                problem(file, `/resources/${index}`, "schema:resource-type", `no reference schema for ${type}`),
            );
        } else if (!validate(resource)) {
            report(validate.errors, `/resources/${index}`, `schema:${type}`);
        }
    });
    return problems;
}
