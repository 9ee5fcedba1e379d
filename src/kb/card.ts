import type { Doc } from './schema.js';

/**
 * A document (or list of documents) described for a reader, independent of where it is shown: the reply
 * layer turns it into a Discord embed, the console into text. Text is Markdown; any length (the reply
 * layer enforces the platform's limits).
 */
export interface Card {
  title: string;
  /** The document the card is about; sets the colour and the title link. Absent for lists. */
  doc?: Doc | undefined;
  url?: string | undefined;
  description: string;
  fields: CardField[];
}

export interface CardField {
  name: string;
  value: string;
  inline?: boolean | undefined;
}
