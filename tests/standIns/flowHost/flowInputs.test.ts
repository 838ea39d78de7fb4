import { environmentParameters } from "../../../tools/standIns/flowHost/environment";
import { EventDataError, readEventData } from "../../../tools/standIns/flowHost/eventData";
import { triggerBodyFor, TriggerInputError } from "../../../tools/standIns/flowHost/flowRun";
import type { HostedFlow } from "../../../tools/standIns/flowHost/hostedFlows";

/** How a page's request becomes the flow's trigger body and parameters. */

const flow: HostedFlow = {
    id: "3f0c9e4a-7b51-4c8e-9d2a-5e6f7a8b9c03",
    name: "Order lookup",
    definition: {
        triggers: {
            manual: {
                type: "Request",
                kind: "PowerPages",
                inputs: {
                    schema: {
                        type: "object",
                        properties: {
                            text: { title: "order", type: "string" },
                            number: { title: "quantity", type: "number" },
                            text_1: { title: "eventData", type: "string" },
                        },
                    },
                },
            },
        },
        parameters: {
            "Allowed stores (contoso_AllowedStores)": {
                type: "String",
                defaultValue: "[]",
                metadata: { schemaName: "contoso_AllowedStores" },
            },
            "Region (contoso_Region)": {
                type: "String",
                defaultValue: "emea",
                metadata: { schemaName: "contoso_Region" },
            },
            $connections: { type: "Object", defaultValue: {} },
        },
        actions: {},
    },
};

describe("the request body", () => {
    const titles = ["order", "quantity"];

    it("reads the three documented shapes alike", () => {
        const inputs = { order: "A-1", quantity: 2 };
        expect(
            readEventData("application/json", JSON.stringify({ eventData: JSON.stringify(inputs) }), titles),
        ).toEqual(inputs);
        expect(
            readEventData(
                "application/x-www-form-urlencoded; charset=UTF-8",
                new URLSearchParams({ eventData: JSON.stringify(inputs) }).toString(),
                titles,
            ),
        ).toEqual(inputs);
        expect(readEventData("application/json", JSON.stringify(inputs), titles)).toEqual(inputs);
        expect(readEventData("application/json", "", titles)).toEqual({});
    });

    it("takes a lone eventData key as an input when the trigger has an input titled eventData", () => {
        expect(readEventData("application/json", JSON.stringify({ eventData: "note" }), ["eventData"])).toEqual({
            eventData: "note",
        });
    });

    it("refuses what is not a JSON object of inputs, saying where", () => {
        expect(() => readEventData("application/json", "{", titles)).toThrow(EventDataError);
        expect(() => readEventData("application/json", JSON.stringify({ eventData: "[1]" }), titles)).toThrow(
            "eventData (JSON body) must be a JSON object",
        );
    });
});

describe("the trigger body", () => {
    it("keys each input by its slot", () => {
        expect(triggerBodyFor(flow, { order: "A-1", quantity: 2 })).toEqual({ text: "A-1", number: 2 });
    });

    it("refuses an unknown title, listing the trigger's, and a value of the wrong type", () => {
        expect(() => triggerBodyFor(flow, { item: "A-1" })).toThrow(
            'The flow "Order lookup" has no input titled "item" (its inputs: order, quantity, eventData).',
        );
        expect(() => triggerBodyFor(flow, { quantity: "2" })).toThrow(TriggerInputError);
        expect(() => triggerBodyFor(flow, { quantity: "2" })).toThrow(
            'The input "quantity" of the flow "Order lookup" must be a number.',
        );
    });
});

describe("environment variables", () => {
    it("give the parameter whose metadata.schemaName they name its value; the others are left to their defaultValue", () => {
        expect(environmentParameters(flow.definition, { contoso_AllowedStores: '["12"]', contoso_Other: "x" })).toEqual(
            {
                "Allowed stores (contoso_AllowedStores)": '["12"]',
            },
        );
    });
});
