// Fluent UI's icon font is the host's to register; the control draws its own state icons.
import { setIconOptions } from "@fluentui/react";

setIconOptions({ disableWarnings: true });
