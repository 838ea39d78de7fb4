/** Validation of the Logic Apps twin's template (validateTemplate.ts says what is checked). */
export { validateLogicAppTemplate } from "./validateTemplate";
export type { TemplateValidation, TemplateValidationOptions } from "./validateTemplate";
export { ARM_SCHEMA_CHECK } from "./armSchemaCheck";
export {
    ARM_SCHEMA_PATCHES,
    ENVELOPE_RESOURCES_PER_TYPE,
    LOGIC_ANY_VALUE_ONE_OF,
    LOGIC_POLICIES_LEVEL,
} from "./armSchemaPatches";
