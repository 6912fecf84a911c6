/** Words for demo events: job notes, quote titles, projects and their milestones. */
import type { Random } from "../kernel/random.js";
import { pick } from "../kernel/random.js";

const jobTasks = [
  "Replaced the failing switch in the server room",
  "Migrated the mailboxes to the new Microsoft 365 tenant",
  "Installed and configured two new workstations",
  "Patched the firewall firmware and reviewed the rules",
  "Restored the shared drive from last night's backup",
  "Set up the new printer and scan-to-email",
  "Replaced the UPS battery in the network closet",
  "Cleaned malware off the front-desk PC",
  "Upgraded the Wi-Fi access points on the second floor",
  "Fixed the VPN for remote staff",
  "Onboarded three new employees (accounts, laptops, MFA)",
  "Updated the website plugins and fixed the contact form",
  "Moved the accounting software to the new server",
  "Investigated the slow internet; replaced the modem",
  "Configured the new VoIP phones at reception",
] as const;

const jobChecks = [
  "tested VLANs",
  "verified the backups",
  "confirmed with the office manager",
  "documented the changes in the runbook",
  "monitored for an hour",
  "tested failover",
  "updated the asset list",
  "ran a full scan",
] as const;

/** "Replaced the failing switch in the server room; tested VLANs; 3.5 h on site" */
export function jobNote(random: Random, hours: string, onsite: boolean): string {
  return `${pick(random, jobTasks)}; ${pick(random, jobChecks)}; ${hours} h ${onsite ? "on site" : "remote"}`;
}

export const quoteTitles = [
  "Office Wi-Fi upgrade (6 access points)",
  "Firewall replacement and setup",
  "Server room cable clean-up",
  "Microsoft 365 migration",
  "Website landing pages refresh",
  "Backup system overhaul",
  "Security camera network install",
  "Laptop refresh: 8 units configured",
  "CRM integration with the website forms",
  "Conference room AV setup",
  "Annual network security audit",
] as const;

export type Project = { name: string; milestones: readonly string[] };

const projects: readonly Project[] = [
  {
    name: "Website rebuild",
    milestones: ["discovery and sitemap", "design sign-off", "development complete", "launch"],
  },
  {
    name: "ERP rollout",
    milestones: ["requirements signed", "data migration", "user training", "go-live"],
  },
  {
    name: "Office move IT",
    milestones: ["network design", "structured cabling", "equipment move", "post-move support"],
  },
  {
    name: "Online store",
    milestones: ["catalogue set-up", "payment integration", "launch", "SEO hand-off"],
  },
  {
    name: "Mobile app MVP",
    milestones: ["prototype", "beta release", "store submission", "launch"],
  },
  {
    name: "Data warehouse",
    milestones: ["source audit", "pipelines built", "dashboards delivered", "hand-over"],
  },
];

export function pickProject(random: Random): Project {
  return pick(random, projects);
}
