import { PARAMETERS_FIELD, PARAMETERS_JSON_FIELD } from "../../connector/customCode/scriptRules";
import { objectExpression, quoteExpressionString, templateToExpression } from "./expressionText";

/**
 * RunNow without script.csx. The script (scriptRules.convertRunNowBody) takes job_parameters_json,
 * the job parameters as JSON text, out of the body and, when it holds a non-empty object, sends
 * that object as job_parameters; every other field (job_id as an int64, idempotency_token) goes on
 * unchanged and in its order. Logic Apps runs no custom code, so the converted action's body is one
 * expression that builds that same request:
 *
 *   if(empty(<parameters>), <rest>, addProperty(<rest>, 'job_parameters', <parameters>))
 *   <parameters> = json(if(empty(trim(coalesce(<job_parameters_json>, ''))), '{}', <job_parameters_json>))
 *
 * Both branches can be evaluated without failing, so it does not matter whether if() is lazy.
 * What the script answers with a 400 without calling Databricks (text that is not a JSON object of
 * strings) makes json() fail the action instead; the portal flow refuses such input before any call.
 */
export function runNowBody(fields: Record<string, unknown>): unknown {
    if (!(PARAMETERS_JSON_FIELD in fields)) return fields;
    const { [PARAMETERS_JSON_FIELD]: parametersJson, ...rest } = fields;
    const text = templateToExpression(parametersJson);
    const parameters = `json(if(empty(trim(coalesce(${text}, ''))), '{}', ${text}))`;
    const base = objectExpression(rest);
    return `@if(empty(${parameters}), ${base}, addProperty(${base}, ${quoteExpressionString(PARAMETERS_FIELD)}, ${parameters}))`;
}
