import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { SloSpecError } from "../../model/slo/errors";
import { parseSloSpec } from "../../model/slo/spec";

/** A valid spec as plain data; each test breaks one thing. */
function validSpec(): Record<string, unknown> {
  return {
    version: "prometheus/v1",
    service: "shop",
    labels: { team: "shop" },
    slos: [
      {
        name: "availability",
        objective: 99.9,
        sli: {
          events: {
            error_query: 'sum(rate(http_requests_total{status=~"5.."}[{{.window}}]))',
            total_query: "sum(rate(http_requests_total[{{.window}}]))",
          },
        },
        alerting: { name: "ShopAvailability", page_alert: { labels: { team: "pager" } } },
      },
    ],
  };
}

type Slo = Record<string, unknown> & { sli: Record<string, Record<string, string>> };

function withSlo(change: (slo: Slo) => void): string {
  const spec = validSpec();
  change((spec["slos"] as Slo[])[0]);
  return stringify(spec);
}

/** The message of the SloSpecError that parsing `text` throws. */
function errorOf(text: string): string {
  try {
    parseSloSpec(text, "slos/shop.yml");
  } catch (error) {
    expect(error).toBeInstanceOf(SloSpecError);
    return (error as SloSpecError).message;
  }
  throw new Error("the spec was accepted");
}

describe("parseSloSpec", () => {
  it("accepts a valid spec and the committed specs", () => {
    expect(parseSloSpec(stringify(validSpec()), "slos/shop.yml").slos[0]?.objective).toBe(99.9);
    const root = path.join(__dirname, "../../slos");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".yml"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of files) {
      expect(parseSloSpec(fs.readFileSync(path.join(root, name), "utf8"), `slos/${name}`).version).toBe(
        "prometheus/v1",
      );
    }
  });

  it.each([0, 100])("rejects objective %s, naming the file, path and allowed range", (objective) => {
    const message = errorOf(withSlo((slo) => (slo["objective"] = objective)));
    expect(message).toContain("SLO spec slos/shop.yml has 1 problem");
    expect(message).toContain(`slos[0].objective: must be above 0 and below 100`);
    expect(message).toContain(`(got ${objective})`);
  });

  it("rejects objective 100.5", () => {
    expect(errorOf(withSlo((slo) => (slo["objective"] = 100.5)))).toContain(
      "slos[0].objective: must be above 0 and below 100 (a percentage such as 99.9); 100 leaves no error budget (got 100.5)",
    );
  });

  it("rejects an events query without {{.window}}", () => {
    const message = errorOf(
      withSlo((slo) => (slo.sli["events"] = { ...slo.sli["events"], total_query: "sum(rate(x_total[5m]))" })),
    );
    expect(message).toContain(
      "slos[0].sli.events.total_query: has no {{.window}}; write the range of every rate()/increase() as [{{.window}}]",
    );
    expect(message).toContain('(got "sum(rate(x_total[5m]))")');
  });

  it("rejects a raw query without {{.window}}", () => {
    const message = errorOf(
      withSlo((slo) => {
        slo.sli = { raw: { error_ratio_query: "job:errors:ratio_rate5m" } };
      }),
    );
    expect(message).toContain("slos[0].sli.raw.error_ratio_query: has no {{.window}}");
  });

  it("rejects an unknown field with a did-you-mean hint", () => {
    const message = errorOf(
      withSlo((slo) => {
        slo["objetive"] = 99;
      }),
    );
    expect(message).toContain(
      "slos[0].objetive: is not a field of the Sloth prometheus/v1 spec; did you mean 'objective'?",
    );
  });

  it("rejects an unknown top-level field, listing the allowed ones", () => {
    const spec = { ...validSpec(), owner: "me" };
    expect(errorOf(stringify(spec))).toContain(
      "owner: is not a field of the Sloth prometheus/v1 spec; allowed here: version, service, labels, slo_period, slos",
    );
  });

  it("takes an SLO period of 7d, 28d or 30d for the spec or one SLO, and names the others it refuses", () => {
    const weekly = parseSloSpec(stringify({ ...validSpec(), slo_period: "7d" }), "slos/shop.yml");
    expect(weekly.slo_period).toBe("7d");
    expect(
      parseSloSpec(
        withSlo((slo) => (slo["slo_period"] = "28d")),
        "slos/shop.yml",
      ).slos[0]?.slo_period,
    ).toBe("28d");
    expect(errorOf(stringify({ ...validSpec(), slo_period: "14d" }))).toContain(
      'slo_period: must be one of 30d, 28d, 7d (the periods with alert windows: Sloth\'s 30d and 28d, and its 7d example) (got "14d")',
    );
    expect(errorOf(withSlo((slo) => (slo["slo_period"] = "1w")))).toContain("slos[0].slo_period: must be one of");
  });

  it("rejects duplicate SLO names", () => {
    const spec = validSpec();
    const slos = spec["slos"] as Slo[];
    spec["slos"] = [...slos, { ...slos[0], objective: 99 }];
    expect(errorOf(stringify(spec))).toContain(
      "slos[1].name: duplicates slos[0].name; SLO names must be unique within a service",
    );
  });

  it("lists every problem at once", () => {
    const message = errorOf(
      withSlo((slo) => {
        slo["objective"] = 0;
        slo["alerting"] = { page_alert: {} };
      }),
    );
    expect(message).toContain("has 2 problems");
    expect(message).toContain("slos[0].alerting.name: is required while the page or ticket alert is enabled");
  });

  it("rejects a wrong version and broken YAML", () => {
    expect(errorOf(stringify({ ...validSpec(), version: "sloth/v1" }))).toContain(
      'version: must be "prometheus/v1" (the Sloth spec this generator reads) (got "sloth/v1")',
    );
    expect(errorOf("version: [")).toContain("(file): is not valid YAML");
  });
});
