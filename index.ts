// settings → ObservabilityStack → exports; see program.ts. The language host
// calls an exported function and awaits its promise at once, so a stack that
// fails validation is reported once, as the readable list, and never as an
// unhandled rejection; the promise's fields become the stack outputs.
import { runProgram } from "./program";

export = runProgram;
