/**
 * How much work reading references from one remittance text may take: how much of the text is
 * read (invoice and creditor references alike) and how many references are returned.
 */

/** Only this much of a line is read: remittance fields are short, and the work stays bounded. */
export const MAX_TEXT_CHARS = 2_000;
/** At most this many references are returned for one text. */
export const MAX_REFS = 20;
