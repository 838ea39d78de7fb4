import { evaluateTemplate } from "../expressions/templates";
import { ActionHandler } from "./actionHandler";

/** Compose: its outputs are its inputs, evaluated. */
export const compose: ActionHandler = ({ action, state }) => ({
    status: "Succeeded",
    outputs: evaluateTemplate(action.inputs, state.expressions),
});
