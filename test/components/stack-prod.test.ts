import { describeKubernetesStack } from "./kubernetesStackChecks";
import { describeStackBasics, runStackOnce } from "./stackChecks";

const getRun = runStackOnce("prod");
describeStackBasics("prod", getRun);
describeKubernetesStack("prod", getRun);
