/**
 * The committed reply model (reply-model.json, rebuilt by build-model.ts), checked once on load.
 * Imported as a JSON module so the compiled build carries it.
 */

import { checkReplyModel, type ReplyModel } from "./reply-model.js";
import modelFile from "./reply-model.json" with { type: "json" };

export const builtinReplyModel: ReplyModel = checkReplyModel(modelFile);
