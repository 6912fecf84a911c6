/**
 * Cadence policies: the default (3 days before due, due day, 3 and 7 days after, then a person)
 * and the zod schema every stored or edited policy passes. One policy per organisation, with
 * optional overrides per customer segment.
 */
import { z } from "zod";
import { DRAFT_STEPS } from "../assist/model.js";
import type { CadencePolicy } from "./model.js";

export const DEFAULT_CADENCE: CadencePolicy = {
  steps: [
    { step: "invoice", offsetDays: 0, channels: ["email", "whatsapp"], tone: "friendly" },
    { step: "before_due", offsetDays: -3, channels: ["email", "whatsapp"], tone: "friendly" },
    { step: "due_today", offsetDays: 0, channels: ["email", "whatsapp"], tone: "neutral" },
    { step: "overdue_3", offsetDays: 3, channels: ["email", "whatsapp"], tone: "neutral" },
    { step: "overdue_7", offsetDays: 7, channels: ["email", "whatsapp"], tone: "firm" },
  ],
  window: { start: "09:00", end: "18:00" },
  lateStepDaysMax: 5,
  promiseGraceDays: 2,
  handoverAfterLastStep: true,
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

export const cadencePolicySchema = z
  .strictObject({
    steps: z
      .array(
        z.strictObject({
          step: z.enum(DRAFT_STEPS),
          offsetDays: z.number().int().min(-60).max(120),
          channels: z.array(z.enum(["email", "whatsapp"])).min(1),
          tone: z.enum(["friendly", "neutral", "firm"]),
        }),
      )
      .min(1),
    window: z.strictObject({ start: hhmm, end: hhmm }),
    lateStepDaysMax: z.number().int().min(0).max(60),
    promiseGraceDays: z.number().int().min(0).max(30),
    handoverAfterLastStep: z.boolean(),
  })
  .superRefine((policy, ctx) => {
    if (policy.window.start >= policy.window.end) {
      ctx.addIssue({ code: "custom", path: ["window"], message: "start must be before end" });
    }
    const names = policy.steps.map((s) => s.step);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: "a step appears twice" });
    }
    // Steps run in the order they are listed: the invoice first, then by days from the due date.
    const invoiceAt = names.indexOf("invoice");
    if (invoiceAt > 0) {
      ctx.addIssue({ code: "custom", path: ["steps"], message: "the invoice step comes first" });
    }
    const offsets = policy.steps.filter((s) => s.step !== "invoice").map((s) => s.offsetDays);
    if (offsets.some((o, i) => i > 0 && o <= (offsets[i - 1] as number))) {
      ctx.addIssue({
        code: "custom",
        path: ["steps"],
        message:
          "reminders are listed in the order they go out (increasing days from the due date)",
      });
    }
  });

export const CADENCE_SEGMENTS = ["*", "corporate", "small_business", "individual"] as const;
export type CadenceSegment = (typeof CADENCE_SEGMENTS)[number];
