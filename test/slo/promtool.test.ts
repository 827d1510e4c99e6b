import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { burnRateTiersFor, sloPeriodOf } from "../../model/slo/periods";
import {
  errorBudgetRatio,
  sloRuleFile,
  sloId,
  sloRuleGroups,
  tierCondition,
  type AlertingRule,
  type BurnRateTier,
} from "../../model/slo/rules";
import { parseSloSpec, type SloSpec } from "../../model/slo/spec";
import { packCatalog } from "../../model/packs";
import { packSloSpecs } from "../../model/packs/slos";
import { expandedAnnotations } from "../helpers/alertTemplates";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedPromtool, runBinary, upstreamTool } from "../helpers/upstream";

/** Every SLO spec the packs ship. */
const packSpecs = packCatalog.flatMap((pack) => packSloSpecs(pack));

/** Cumulative counter values: a constant increase per step, or each value written out. */
type Counter = { readonly perStep: number; readonly samples: number } | readonly number[];

function counterValues(counter: Counter): string {
  return "perStep" in counter ? `0+${counter.perStep}x${counter.samples}` : counter.join(" ");
}

function addCounters(a: Counter, b: Counter): Counter {
  if ("perStep" in a && "perStep" in b) return { perStep: a.perStep + b.perStep, samples: a.samples };
  if (!("perStep" in a) && !("perStep" in b)) return a.map((value, index) => value + (b[index] ?? 0));
  throw new Error("both counters must have the same form");
}

/**
 * The three kinds of SLI a spec can have, each with the input series that
 * carry a given count of bad and good events: an events ratio over a request
 * counter, a raw error-ratio query, and a latency SLI whose bad events are the
 * requests slower than a histogram bucket.
 */
const sloKinds: {
  kind: string;
  spec: SloSpec;
  series: (bad: Counter, good: Counter) => { series: string; values: string }[];
}[] = [
  {
    kind: "availability (events)",
    spec: parseSloSpec(
      `version: prometheus/v1
service: checkout
labels: {team: shop}
slos:
  - name: requests-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="checkout", status=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutAvailabilityBurn
      annotations: {summary: "Checkout burns its budget ({{ $labels.sloth_slo }})"}
`,
      "availability fixture",
    ),
    series: (bad, good) => [
      { series: 'http_requests_total{service="checkout", status="500"}', values: counterValues(bad) },
      { series: 'http_requests_total{service="checkout", status="200"}', values: counterValues(good) },
    ],
  },
  {
    kind: "raw error ratio",
    spec: parseSloSpec(
      `version: prometheus/v1
service: checkout
slos:
  - name: requests-raw
    objective: 99.5
    sli:
      raw:
        error_ratio_query: |
          sum(rate(http_requests_total{service="checkout", status=~"5.."}[{{.window}}]))
          /
          sum(rate(http_requests_total{service="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutRawBurn
`,
      "raw fixture",
    ),
    series: (bad, good) => [
      { series: 'http_requests_total{service="checkout", status="500"}', values: counterValues(bad) },
      { series: 'http_requests_total{service="checkout", status="200"}', values: counterValues(good) },
    ],
  },
  {
    kind: "latency (requests slower than 500 ms)",
    spec: parseSloSpec(
      `version: prometheus/v1
service: checkout
slos:
  - name: requests-latency
    objective: 99
    sli:
      events:
        error_query: |
          sum(rate(http_request_duration_seconds_count{service="checkout"}[{{.window}}]))
          - sum(rate(http_request_duration_seconds_bucket{service="checkout", le="0.5"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{service="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutLatencyBurn
`,
      "latency fixture",
    ),
    series: (bad, good) => [
      { series: 'http_request_duration_seconds_bucket{service="checkout", le="0.5"}', values: counterValues(good) },
      {
        series: 'http_request_duration_seconds_count{service="checkout"}',
        values: counterValues(addCounters(bad, good)),
      },
    ],
  },
  {
    kind: "availability over a 7-day period",
    spec: parseSloSpec(
      `version: prometheus/v1
service: checkout
slo_period: 7d
slos:
  - name: requests-availability-week
    objective: 99.5
    sli:
      events:
        error_query: sum(rate(http_requests_total{service="checkout", status=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{service="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutWeeklyAvailabilityBurn
`,
      "7-day fixture",
    ),
    series: (bad, good) => [
      { series: 'http_requests_total{service="checkout", status="500"}', values: counterValues(bad) },
      { series: 'http_requests_total{service="checkout", status="200"}', values: counterValues(good) },
    ],
  },
];

/** Debian's promtool 2.42 always; the deployed 3.5 when built (always under `npm test`). */
const promtools: [string, string][] = [["promtool 2.42", upstreamTool("promtool")]];
const promtoolV3 = deployedPromtool();
if (promtoolV3 !== undefined) promtools.push(["promtool 3.5", promtoolV3]);

let root: string;
beforeAll(() => {
  root = makeTempDir("slo-rules");
});
afterAll(() => removeTempDir(root));

describe.each(promtools)("%s", (_, promtool) => {
  it.each(packSpecs.map(({ file, spec }) => [file, spec] as const))(
    "check rules accepts the rules of slos/%s, both forms of the period's SLI",
    (name, spec) => {
      const rules = sloRuleGroups(spec).flatMap((group) => group.rules).length;
      const averaged = path.join(root, `averaged-${name.replaceAll("/", "-")}`);
      const direct = path.join(root, `direct-${name.replaceAll("/", "-")}`);
      fs.writeFileSync(averaged, sloRuleFile(spec));
      fs.writeFileSync(direct, sloRuleFile(spec, { averagePeriodFrom5m: false }));
      const result = runBinary(promtool, ["check", "rules", averaged, direct]);
      expect(result.status, result.transcript).toBe(0);
      expect(result.stdout.match(new RegExp(`SUCCESS: ${rules} rules found`, "g"))).toHaveLength(2);
    },
  );
});

/** Requests per sample step in the test series; errors are a share of it. */
const requestsPerStep = 100_000;

/** A constant error ratio, as a multiple of the error budget. */
interface BurnCase {
  readonly title: string;
  readonly budgetMultiple: number;
}

function casesFor(tiers: readonly BurnRateTier[]): BurnCase[] {
  return [
    { title: "healthy (0.1x budget)", budgetMultiple: 0.1 },
    ...tiers.flatMap((tier) => [
      { title: `just above ${tier.factor}x`, budgetMultiple: tier.factor * 1.05 },
      { title: `just under ${tier.factor}x`, budgetMultiple: tier.factor * 0.95 },
    ]),
  ];
}

/**
 * Two ways to sample the same constant ratio. At 1m steps every window up to
 * 6h is full at 6h10m, so the page tiers are judged there; the 1d and 3d
 * windows are not full yet but hold the same constant ratio, so the ticket
 * tiers fire by the same rule. The ticket tiers are judged at 1h steps after
 * 3d (cheap to evaluate); there the 5m and 30m rates are empty (fewer than
 * two samples per window), so the page tiers cannot fire at all.
 */
function speedsFor(tiers: readonly BurnRateTier[]) {
  return [
    { name: "page tiers", step: "1m", samples: 400, evalTime: "6h10m", judged: tiers.slice(0, 2), withData: tiers },
    {
      name: "ticket tiers",
      step: "1h",
      samples: 80,
      evalTime: "73h",
      judged: tiers.slice(2),
      withData: tiers.slice(2),
    },
  ] as const;
}
type Speed = ReturnType<typeof speedsFor>[number];

function probeName(tier: BurnRateTier): string {
  return `SloTierProbe_${tier.shortWindow}_${tier.longWindow}`;
}

describe.each(sloKinds)("promtool test rules on an SLO of kind $kind", ({ spec, series }) => {
  const slo = spec.slos[0];
  if (slo === undefined) throw new Error("the fixture spec has no SLO");
  const budget = errorBudgetRatio(slo.objective);
  const period = sloPeriodOf(spec, slo);
  const burnRateTiers = burnRateTiersFor(period);
  const speeds = speedsFor(burnRateTiers);
  const alerts = sloRuleGroups(spec)
    .flatMap((group) => group.rules)
    .filter((rule): rule is AlertingRule => "alert" in rule);
  const seriesLabels: Record<string, string> = {
    ...spec.labels,
    sloth_id: sloId(spec, slo),
    sloth_service: spec.service,
    sloth_slo: slo.name,
  };

  /** Recording groups before the alerts that read them: promtool evaluates the groups of one instant in this order. */
  const groupOrder = [...sloRuleGroups(spec).map((group) => group.name), "tier-probes"];

  let ruleFile: string;
  let probeFile: string;
  beforeAll(() => {
    ruleFile = path.join(root, `${slo.name}.rules.yml`);
    fs.writeFileSync(ruleFile, sloRuleFile(spec));
    // One alert per tier, with the generator's own condition: the real alerts
    // join two tiers with `or`, and a 2h/1d burn always meets 6h/3d too, so
    // only a probe can show a tier staying silent just under its factor.
    probeFile = path.join(root, `${slo.name}-tier-probes.rules.yml`);
    const probes = burnRateTiers.map((tier) => ({ alert: probeName(tier), expr: tierCondition(spec, slo, tier) }));
    fs.writeFileSync(probeFile, stringify({ groups: [{ name: "tier-probes", rules: probes }] }, { lineWidth: 0 }));
  });

  /** An alert as promtool lists it when firing: one label set whichever tier holds it (no `sloth_window`). */
  function firingAlert(rule: AlertingRule): Record<string, Record<string, string>> {
    const labels = { ...seriesLabels, ...rule.labels };
    return { exp_labels: labels, exp_annotations: expandedAnnotations(rule.annotations, labels) };
  }

  /** Error and good counters of consecutive phases, each so many 1m steps at a multiple of the budget. */
  function phasedCounters(phases: readonly { steps: number; multiple: number }[]): [number[], number[]] {
    const errors = [0];
    const good = [0];
    for (const phase of phases) {
      const perStep = Math.round(phase.multiple * budget * requestsPerStep);
      for (let step = 0; step < phase.steps; step++) {
        errors.push((errors[errors.length - 1] ?? 0) + perStep);
        good.push((good[good.length - 1] ?? 0) + requestsPerStep - perStep);
      }
    }
    return [errors, good];
  }

  /** What must fire for one constant ratio at one sampling speed: a tier fires iff the ratio is above its factor. */
  function expectedAlerts(speed: Speed, multiple: number): Record<string, unknown[]> {
    const firing = speed.withData.filter((tier) => multiple > tier.factor);
    const expected: Record<string, unknown[]> = {};
    for (const tier of burnRateTiers) {
      const fires = firing.includes(tier);
      expected[probeName(tier)] = fires ? [{ exp_labels: seriesLabels }] : [];
    }
    for (const rule of alerts) {
      if (!firing.some((tier) => tier.alert === rule.labels["sloth_severity"])) continue;
      expected[rule.alert] = [...(expected[rule.alert] ?? []), firingAlert(rule)];
    }
    for (const rule of alerts) expected[rule.alert] ??= [];
    return expected;
  }

  function testFile(speed: Speed): string {
    const tests = casesFor(speed.judged).map((burn) => {
      const errors = Math.round(burn.budgetMultiple * budget * requestsPerStep);
      const expected = expectedAlerts(speed, burn.budgetMultiple);
      return {
        name: `${speed.name}: ${burn.title}`,
        interval: speed.step,
        input_series: series(
          { perStep: errors, samples: speed.samples },
          { perStep: requestsPerStep - errors, samples: speed.samples },
        ),
        alert_rule_test: Object.entries(expected).map(([alertname, exp_alerts]) => ({
          eval_time: speed.evalTime,
          alertname,
          exp_alerts,
        })),
      };
    });
    const file = path.join(root, `${slo.name}-${speed.name.replace(/\W+/g, "-")}.test.yml`);
    fs.writeFileSync(
      file,
      stringify(
        { rule_files: [ruleFile, probeFile], evaluation_interval: speed.step, group_eval_order: groupOrder, tests },
        { lineWidth: 0, aliasDuplicateObjects: false },
      ),
    );
    return file;
  }

  it("has exactly one page and one ticket alert", () => {
    expect(alerts.map((alert) => alert.labels["severity"])).toEqual(["critical", "warning"]);
  });

  describe.each(promtools)("%s", (_, promtool) => {
    it.each(speeds)("$name fire above their factor and stay silent under it and when healthy", (speed) => {
      const result = runBinary(promtool, ["test", "rules", testFile(speed)]);
      expect(result.status, result.transcript).toBe(0);
      expect(result.stdout).toContain("SUCCESS");
    });

    // The scenario's figures are worked out for the 30-day factors; other
    // periods' tiers are judged by the constant-ratio cases above.
    if (period === "30d")
      it("needs both windows of a tier: a fresh spike and a finished burn do not page", () => {
        const page = alerts.find((rule) => rule.labels["sloth_severity"] === "page");
        const ticket = alerts.find((rule) => rule.labels["sloth_severity"] === "ticket");
        if (page === undefined || ticket === undefined) throw new Error("page or ticket alert missing");
        const probes = (firing: readonly BurnRateTier[]) =>
          burnRateTiers.map((tier) => ({
            alertname: probeName(tier),
            exp_alerts: firing.includes(tier) ? [{ exp_labels: seriesLabels }] : [],
          }));
        const [tier1, tier2, tier3, tier4] = burnRateTiers;
        if (tier1 === undefined || tier2 === undefined || tier3 === undefined || tier4 === undefined) {
          throw new Error("four tiers expected");
        }
        const cases = [
          {
            // 6h at 0.1x, then 10 minutes at 20x: 5m and 30m burn, 1h (3.4x) and 6h (0.7x) do not.
            name: "fresh spike",
            phases: [
              { steps: 360, multiple: 0.1 },
              { steps: 10, multiple: 20 },
            ],
            alerts: [{ alertname: page.alert, exp_alerts: [] }, ...probes([])],
          },
          {
            // 5h at 0.1x, 1h at 30x, then 10 minutes at 0.1x: 1h burns (25x) but 5m has recovered;
            // 30m (20x) burns but 6h (5.1x) stays under 6x. The 2h/1d and 6h/3d tickets rightly stay.
            name: "finished burn",
            phases: [
              { steps: 300, multiple: 0.1 },
              { steps: 60, multiple: 30 },
              { steps: 10, multiple: 0.1 },
            ],
            alerts: [{ alertname: page.alert, exp_alerts: [firingAlert(ticket)] }, ...probes([tier3, tier4])],
          },
        ];
        const tests = cases.map((entry) => {
          const [errors, good] = phasedCounters(entry.phases);
          return {
            name: entry.name,
            interval: "1m",
            input_series: series(errors, good),
            alert_rule_test: entry.alerts.map((expected) => ({ eval_time: "6h10m", ...expected })),
          };
        });
        const file = path.join(root, `${slo.name}-window-guards.test.yml`);
        fs.writeFileSync(
          file,
          stringify(
            { rule_files: [ruleFile, probeFile], evaluation_interval: "1m", group_eval_order: groupOrder, tests },
            { lineWidth: 0, aliasDuplicateObjects: false },
          ),
        );
        const result = runBinary(promtool, ["test", "rules", file]);
        expect(result.status, result.transcript).toBe(0);
        expect([tier1.factor, tier2.factor]).toEqual([14.4, 6]);
      });

    it("keeps one alert identity while a burn moves from one tier to another", () => {
      // 6h at 0.1x, then 20x. 30 minutes in, the 30-day ticket alert holds by
      // its 6h/3d tier alone (1d: 1.6x, under 3x); 2 hours in, by its 2h/1d
      // tier too (1d: 5.1x). The page alert holds by 5m/1h from 50 minutes in
      // (1h: 16.7x), and by 30m/6h too 2.5 hours in (6h: 8.4x). Each must be
      // the same one alert throughout: no label tells the tiers apart.
      const page = alerts.find((rule) => rule.labels["sloth_severity"] === "page");
      const ticket = alerts.find((rule) => rule.labels["sloth_severity"] === "ticket");
      if (page === undefined || ticket === undefined) throw new Error("page or ticket alert missing");
      const [errors, good] = phasedCounters([
        { steps: 360, multiple: 0.1 },
        { steps: 180, multiple: 20 },
      ]);
      const checks = [
        ["6h30m", [ticket]],
        ["6h50m", [page, ticket]],
        ["8h", [page, ticket]],
        ["8h30m", [page, ticket]],
      ] as const;
      const file = path.join(root, `${slo.name}-identity.test.yml`);
      fs.writeFileSync(
        file,
        stringify(
          {
            rule_files: [ruleFile],
            evaluation_interval: "1m",
            group_eval_order: groupOrder.filter((name) => name !== "tier-probes"),
            tests: [
              {
                name: "a 20x burn after 6 healthy hours",
                interval: "1m",
                input_series: series(errors, good),
                // Page and ticket share the alert name: each check lists every alert of it that fires.
                alert_rule_test: checks.map(([evalTime, rules]) => ({
                  eval_time: evalTime,
                  alertname: page.alert,
                  exp_alerts: rules.map((rule) => firingAlert(rule)),
                })),
              },
            ],
          },
          { lineWidth: 0, aliasDuplicateObjects: false },
        ),
      );
      const result = runBinary(promtool, ["test", "rules", file]);
      expect(result.status, result.transcript).toBe(0);
    });

    it(`averages the ${period} SLI from the 5m series`, () => {
      const fiveMinute = { ...seriesLabels, sloth_window: "5m" };
      const selector = Object.entries(fiveMinute)
        .map(([name, value]) => `${name}="${value}"`)
        .join(", ");
      const file = path.join(root, `${slo.name}-period.test.yml`);
      fs.writeFileSync(
        file,
        stringify(
          {
            rule_files: [ruleFile],
            evaluation_interval: "1h",
            group_eval_order: groupOrder.filter((name) => name !== "tier-probes"),
            tests: [
              {
                name: `${period} average of the 5m rule`,
                interval: "1h",
                // Binary fractions, so that the average is exact: (2 x 0.0625 + 2 x 0.125) / 4.
                input_series: [
                  { series: `slo:sli_error:ratio_rate5m{${selector}}`, values: "0.0625 0.0625 0.125 0.125" },
                ],
                promql_expr_test: [
                  {
                    expr: `slo:sli_error:ratio_rate${period}`,
                    eval_time: "3h",
                    exp_samples: [
                      {
                        labels: `slo:sli_error:ratio_rate${period}{${selector.replace('"5m"', `"${period}"`)}}`,
                        value: 0.09375,
                      },
                    ],
                  },
                  {
                    // The 5m series alone sets the current burn rate: 0.125 / budget.
                    expr: "round(slo:current_burn_rate:ratio)",
                    eval_time: "3h",
                    exp_samples: [
                      {
                        // Like Sloth's, the burn rate keeps the window label of the SLI it divides.
                        labels: `{${selector}}`,
                        value: Math.round(0.125 / budget),
                      },
                    ],
                  },
                  {
                    // 0.09375 / budget times the budget over the period...
                    expr: "round(slo:period_burn_rate:ratio)",
                    eval_time: "3h",
                    exp_samples: [
                      { labels: `{${selector.replace('"5m"', `"${period}"`)}}`, value: Math.round(0.09375 / budget) },
                    ],
                  },
                  {
                    // ...so 1 minus that of the budget remains (overspent).
                    expr: "round(slo:period_error_budget_remaining:ratio)",
                    eval_time: "3h",
                    exp_samples: [
                      {
                        labels: `{${selector.replace('"5m"', `"${period}"`)}}`,
                        value: Math.round(1 - 0.09375 / budget),
                      },
                    ],
                  },
                ],
              },
            ],
          },
          { lineWidth: 0 },
        ),
      );
      const result = runBinary(promtool, ["test", "rules", file]);
      expect(result.status, result.transcript).toBe(0);
    });
  });
});
