// The bundle's entry: the string tables the build made from the resx files, then the element.
import stringTables from "portal-string-tables";
import { defineDatabricksJobRun } from "./databricksJobRun";
import { registerStringTables } from "./portalStrings";

registerStringTables(stringTables);
defineDatabricksJobRun();
