// settings → ObservabilityStack → exports; see program.ts. Pulumi awaits the
// exported promise and publishes its fields as stack outputs.
import { runProgram } from "./program";

export = runProgram();
