import { describeKubernetesStack } from "./kubernetesStackChecks";
import { describeStackBasics, runStackOnce } from "./stackChecks";

const getRun = runStackOnce("staging");
describeStackBasics("staging", getRun);
describeKubernetesStack("staging", getRun);
