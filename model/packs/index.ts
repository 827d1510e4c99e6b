export { enabledPacks, packCatalog, packNamed, rulesRoot, selectablePackNames, slosRoot } from "./catalog";
export type { Pack, PackInhibition, PackRoute, PackScrapeJob, PackStackFacts } from "./types";
