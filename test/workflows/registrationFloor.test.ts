import { describe, expect, it } from "vitest";
import { runProgramUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import { registrationsOf, replayRegistrations, type Registration } from "../../scripts/underMocks/registrations";

/** In a fixed order: the mocks see registrations as their inputs resolve, not as they were made. */
function byTypeAndName(registrations: readonly Registration[]): Registration[] {
  const key = (registration: Registration) => `${registration.type}::${registration.name}`;
  return [...registrations].sort((a, b) => key(a).localeCompare(key(b)));
}

// The bench's registration floor stands for "the same resources, no logic":
// a replay that registered fewer resources, other inputs or lost a secret
// would make the program look cheaper beside it than it is.
describe("the bench's registration floor registers exactly what the program registered", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: same resources, parents, inputs and secret paths`, async () => {
      const run = await runProgramUnderMocks(stack);
      const registrations = registrationsOf(run.resources);
      expect(registrations.length).toBe(run.resources.length - 1);
      expect(registrations.filter((registration) => !registration.custom).length).toBeGreaterThan(3);
      expect(registrations.some((registration) => registration.secretPaths.length > 0)).toBe(true);

      const replayed = await replayRegistrations(stack, registrations);
      expect(byTypeAndName(registrationsOf(replayed))).toEqual(byTypeAndName(registrations));
    });
  }
});
