/** @jsx h */
import * as React from "react";
import { getId, Stack, Text, TextField } from "@fluentui/react";
import { fieldValue, type EditedValues, type ParameterField } from "../../runModel/parameters";
import type { Localize } from "../../runModel/localize";
import { ErrorNotice } from "./ErrorNotice";
import { h } from "./h";

export interface ParameterFormProps {
    fields: readonly ParameterField[];
    /** True when the job's definitions were given, so an empty list means the job has none. */
    fromDefinitions: boolean;
    values: EditedValues;
    /** Localized problems with JobParameters or ParameterDefinitions. */
    problems: readonly string[];
    disabled: boolean;
    localize: Localize;
    onChange: (name: string, value: string) => void;
}

/** One labelled text field per job parameter; the job's default is shown under its field. */
export const ParameterForm: React.FC<ParameterFormProps> = (props) => {
    const { fields, values, problems, localize } = props;
    const [headingId] = React.useState(() => getId("dbx-trigger-parameters"));
    return (
        <section aria-labelledby={headingId}>
            <Text as="h3" id={headingId} variant="mediumPlus" block className="dbx-trigger-heading">
                {localize("Parameters_Heading")}
            </Text>
            {problems.length > 0 && <ErrorNotice lines={problems} />}
            {fields.length === 0 && props.fromDefinitions && problems.length === 0 && (
                <Text block>{localize("Parameters_None")}</Text>
            )}
            <Stack tokens={{ childrenGap: 4 }}>
                {fields.map((field) => (
                    <TextField
                        key={field.name}
                        label={field.name}
                        value={fieldValue(field, values)}
                        description={
                            field.defaultValue ? localize("Parameters_DefaultHint", field.defaultValue) : undefined
                        }
                        disabled={props.disabled}
                        onChange={(_event, value) => props.onChange(field.name, value ?? "")}
                    />
                ))}
            </Stack>
        </section>
    );
};
